package io.cairn.tests.robustness;

import static io.cairn.tests.robustness.Workload.bytes;
import static io.cairn.tests.robustness.Workload.text;

import io.cairn.api.Database;
import io.cairn.api.Transaction;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads, writes and compare-and-sets on a few registers, one transaction attempt per operation,
 * checked for linearizability. Each register is retired after {@link #OPS_PER_KEY} operations
 * for a fresh key, which keeps every key's history small enough to search.
 */
public final class RegisterWorkload implements Workload {
    /** Operations on one key before it is retired. */
    static final int OPS_PER_KEY = 100;
    private static final int SLOTS = 4;

    private final AtomicInteger[] generation = new AtomicInteger[SLOTS];
    private final AtomicInteger[] used = new AtomicInteger[SLOTS];
    private final AtomicLong nextValue = new AtomicLong(1);
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    /** A register workload over a few keys. */
    public RegisterWorkload() {
        for (int i = 0; i < SLOTS; i++) {
            generation[i] = new AtomicInteger();
            used[i] = new AtomicInteger();
        }
    }

    @Override
    public String name() {
        return "register";
    }

    private String key(int slot) {
        int gen = generation[slot].get();
        if (used[slot].incrementAndGet() > OPS_PER_KEY) {
            synchronized (this) {
                if (generation[slot].get() == gen) {
                    used[slot].set(0);
                    generation[slot].incrementAndGet();
                }
            }
            gen = generation[slot].get();
        }
        String key = "reg/" + slot + "/" + gen;
        keys.add(key);
        return key;
    }

    @Override
    public void step(Database db, int client, Random random, History history) {
        String key = key(random.nextInt(SLOTS));
        int dice = random.nextInt(10);
        if (dice < 4) {
            read(db, client, key, history);
        } else if (dice < 7) {
            long v = nextValue.getAndIncrement();
            History.Pending op = history.invoke(client, name(), "write", key, v);
            try (Transaction tx = db.createTransaction()) {
                tx.set(bytes(key), bytes(Long.toString(v)));
                tx.commit();
                lastSeen.put(key, v);
                op.ok(null);
            } catch (RuntimeException e) {
                Workload.failed(op, e, true);
            }
        } else {
            Long expected = lastSeen.get(key);
            long v = nextValue.getAndIncrement();
            History.Pending op = history.invoke(client, name(), "cas", key, java.util.Arrays.asList(expected, v));
            boolean committing = false;
            try (Transaction tx = db.createTransaction()) {
                Long current = parse(tx.get(bytes(key)));
                if (!java.util.Objects.equals(current, expected)) {
                    op.ok(false);
                    return;
                }
                tx.set(bytes(key), bytes(Long.toString(v)));
                committing = true;
                tx.commit();
                lastSeen.put(key, v);
                op.ok(true);
            } catch (RuntimeException e) {
                Workload.failed(op, e, committing);
            }
        }
    }

    private void read(Database db, int client, String key, History history) {
        History.Pending op = history.invoke(client, name(), "read", key, null);
        try (Transaction tx = db.createTransaction()) {
            Long v = parse(tx.get(bytes(key)));
            if (v != null) {
                lastSeen.put(key, v);
            }
            op.ok(v);
        } catch (RuntimeException e) {
            Workload.failed(op, e, false);
        }
    }

    private static Long parse(byte[] value) {
        return value == null ? null : Long.valueOf(text(value));
    }

    @Override
    public void finalReads(Database db, History history) {
        for (String key : new TreeSet<>(keys)) {
            History.Pending op = history.invoke(Op.FINAL_CLIENT, name(), "read", key, null);
            try {
                op.ok(db.read(tx -> parse(tx.get(bytes(key)))));
            } catch (RuntimeException e) {
                Workload.failed(op, e, false);
            }
        }
    }

    @Override
    public CheckResult check(List<Op> ops) {
        return new RegisterChecker(RegisterChecker.DEFAULT_BUDGET).check(ops);
    }
}
