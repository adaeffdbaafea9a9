package io.cairn.tests.robustness;

import static io.cairn.tests.robustness.Workload.bytes;
import static io.cairn.tests.robustness.Workload.text;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Transfers between a few accounts, each in one transaction that reads both balances and writes
 * both, and reads of every balance in one transaction (a range read); checked by {@link BankChecker}.
 */
public final class BankWorkload implements Workload {
    private static final String PREFIX = "bank/";
    private static final int ACCOUNTS = 5;
    private static final long START = 100;

    private final Set<String> accounts = new LinkedHashSet<>();

    /** A bank of five accounts of 100 each. */
    public BankWorkload() {
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add("a" + i);
        }
    }

    @Override
    public String name() {
        return "bank";
    }

    @Override
    public void setup(Database db) {
        db.run(tx -> {
            accounts.forEach(a -> tx.set(bytes(PREFIX + a), bytes(Long.toString(START))));
            return null;
        });
    }

    @Override
    public void step(Database db, int client, Random random, History history) {
        if (random.nextInt(10) < 3) {
            read(db, client, history);
            return;
        }
        List<String> all = List.copyOf(accounts);
        String from = all.get(random.nextInt(all.size()));
        String to = all.get(random.nextInt(all.size()));
        if (from.equals(to)) {
            return;
        }
        long amount = 1 + random.nextInt(20);
        History.Pending op = history.invoke(client, name(), "transfer", null, List.of(from, to, amount));
        boolean committing = false;
        try (Transaction tx = db.createTransaction()) {
            long a = Long.parseLong(text(tx.get(bytes(PREFIX + from))));
            long b = Long.parseLong(text(tx.get(bytes(PREFIX + to))));
            if (a < amount) {
                op.ok(false);
                return;
            }
            tx.set(bytes(PREFIX + from), bytes(Long.toString(a - amount)));
            tx.set(bytes(PREFIX + to), bytes(Long.toString(b + amount)));
            committing = true;
            tx.commit();
            op.ok(true);
        } catch (RuntimeException e) {
            Workload.failed(op, e, committing);
        }
    }

    private void read(Database db, int client, History history) {
        History.Pending op = history.invoke(client, name(), "read", null, null);
        try (Transaction tx = db.createTransaction()) {
            op.ok(balances(tx.getRange(Range.startsWith(bytes(PREFIX)))));
        } catch (RuntimeException e) {
            Workload.failed(op, e, false);
        }
    }

    private static Map<String, Long> balances(List<KeyValue> kvs) {
        Map<String, Long> out = new TreeMap<>();
        for (KeyValue kv : kvs) {
            out.put(text(kv.key()).substring(PREFIX.length()), Long.parseLong(text(kv.value())));
        }
        return out;
    }

    @Override
    public void finalReads(Database db, History history) {
        History.Pending op = history.invoke(Op.FINAL_CLIENT, name(), "read", null, null);
        try {
            op.ok(db.read(tx -> balances(tx.getRange(Range.startsWith(bytes(PREFIX))))));
        } catch (RuntimeException e) {
            Workload.failed(op, e, false);
        }
    }

    @Override
    public CheckResult check(List<Op> ops) {
        return new BankChecker(accounts, START * ACCOUNTS).check(ops);
    }
}
