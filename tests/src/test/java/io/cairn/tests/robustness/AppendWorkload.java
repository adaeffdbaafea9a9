package io.cairn.tests.robustness;

import static io.cairn.tests.robustness.Workload.bytes;
import static io.cairn.tests.robustness.Workload.text;

import io.cairn.api.Database;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Jepsen's list-append: transactions that read some lists and append unique values to some
 * (a list is a comma-separated value), one attempt per transaction; checked by
 * {@link ListAppendChecker}. The keys change every {@link #TXNS_PER_GENERATION} transactions so
 * that lists stay short.
 */
public final class AppendWorkload implements Workload {
    static final int TXNS_PER_GENERATION = 400;
    private static final int KEYS = 5;

    private final AtomicLong txns = new AtomicLong();
    private final AtomicLong nextValue = new AtomicLong(1);
    private final Set<String> keys = ConcurrentHashMap.newKeySet();

    @Override
    public String name() {
        return "append";
    }

    @Override
    public void step(Database db, int client, Random random, History history) {
        long gen = txns.getAndIncrement() / TXNS_PER_GENERATION;
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            slots.add(i);
        }
        Collections.shuffle(slots, random);
        List<Object> mops = new ArrayList<>();
        for (int slot : slots.subList(0, 1 + random.nextInt(3))) {
            String key = "list/" + gen + "/" + slot;
            keys.add(key);
            int kind = random.nextInt(3);
            // A key read and appended in one transaction is read first, as the checker expects.
            if (kind != 1) {
                mops.add(Arrays.asList("r", key, null));
            }
            if (kind != 0) {
                mops.add(List.of("append", key, nextValue.getAndIncrement()));
            }
        }
        History.Pending op = history.invoke(client, name(), "txn", null, mops);
        boolean committing = false;
        try (Transaction tx = db.createTransaction()) {
            List<Object> result = new ArrayList<>();
            for (Object m : mops) {
                List<?> mop = (List<?>) m;
                String key = (String) mop.get(1);
                List<Long> current = parse(tx.get(bytes(key)));
                if (mop.get(0).equals("r")) {
                    result.add(Arrays.asList("r", key, current));
                } else {
                    List<Long> next = new ArrayList<>(current);
                    next.add((Long) mop.get(2));
                    tx.set(bytes(key), bytes(format(next)));
                    result.add(mop);
                }
            }
            committing = true;
            tx.commit();
            op.ok(result);
        } catch (RuntimeException e) {
            Workload.failed(op, e, committing);
        }
    }

    private static List<Long> parse(byte[] value) {
        List<Long> out = new ArrayList<>();
        if (value != null && value.length > 0) {
            for (String s : text(value).split(",")) {
                out.add(Long.valueOf(s));
            }
        }
        return out;
    }

    private static String format(List<Long> values) {
        StringBuilder sb = new StringBuilder();
        for (Long v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    @Override
    public void finalReads(Database db, History history) {
        List<String> all = new ArrayList<>(new TreeSet<>(keys));
        List<Object> mops = new ArrayList<>();
        all.forEach(k -> mops.add(Arrays.asList("r", k, null)));
        History.Pending op = history.invoke(Op.FINAL_CLIENT, name(), "txn", null, mops);
        try {
            op.ok(db.read((ReadTransaction tx) -> {
                List<Object> result = new ArrayList<>();
                for (String k : all) {
                    result.add(Arrays.asList("r", k, parse(tx.get(bytes(k)))));
                }
                return result;
            }));
        } catch (RuntimeException e) {
            Workload.failed(op, e, false);
        }
    }

    @Override
    public CheckResult check(List<Op> ops) {
        return new ListAppendChecker().check(ops);
    }
}
