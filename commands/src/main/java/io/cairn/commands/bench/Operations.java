package io.cairn.commands.bench;

import io.cairn.api.KeyValue;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

/**
 * Performs single operations of a workload for one client and names their type ({@code read},
 * {@code update}, {@code insert}, {@code scan}, {@code txn}, {@code transfer}, {@code rmw}).
 * Not thread-safe: one per client.
 */
final class Operations {
    /** The settings every client shares. */
    record Params(Workload workload, KeySpace keys, KeyChooser chooser, int valueSize, double readFraction,
                  int scanLength, int txnReads, int txnWrites) {}

    private final Params p;
    private final Attempts attempts;
    private final Random rnd;

    /** Operations of {@code p}, run through {@code attempts} with the client's own {@code rnd}. */
    Operations(Params p, Attempts attempts, Random rnd) {
        this.p = p;
        this.attempts = attempts;
        this.rnd = rnd;
    }

    /** Performs one operation and returns its type; blocks. Throws the error of an operation that failed. */
    String next() {
        return switch (p.workload()) {
            case PUT -> update();
            case GET, YCSB_C -> read();
            case MIXED -> rnd.nextDouble() < p.readFraction() ? read() : update();
            case SCAN -> scan(p.scanLength());
            case TXN -> txn();
            case BANK -> transfer();
            case YCSB_A -> rnd.nextBoolean() ? read() : update();
            case YCSB_B -> rnd.nextInt(100) < 95 ? read() : update();
            case YCSB_E -> rnd.nextInt(100) < 95 ? scan(1 + rnd.nextInt(p.scanLength())) : insert();
            case YCSB_F -> rnd.nextBoolean() ? read() : readModifyWrite();
        };
    }

    private String read() {
        byte[] key = p.keys().key(p.chooser().next(rnd));
        attempts.run(tx -> tx.get(key));
        return "read";
    }

    private String update() {
        byte[] key = p.keys().key(p.chooser().next(rnd));
        byte[] value = value();
        attempts.run(tx -> {
            tx.set(key, value);
            return null;
        });
        return "update";
    }

    private String insert() {
        byte[] key = p.keys().key(p.chooser().nextInsert());
        byte[] value = value();
        attempts.run(tx -> {
            tx.set(key, value);
            return null;
        });
        return "insert";
    }

    private String scan(int length) {
        long start = p.chooser().next(rnd);
        attempts.run(tx -> tx.getRange(p.keys().from(start), length, false));
        return "scan";
    }

    private String txn() {
        long[] reads = new long[p.txnReads()];
        long[] writes = new long[p.txnWrites()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = p.chooser().next(rnd);
        }
        for (int i = 0; i < writes.length; i++) {
            writes[i] = p.chooser().next(rnd);
        }
        byte[] value = value();
        attempts.run(tx -> {
            for (long r : reads) {
                tx.get(p.keys().key(r));
            }
            for (long w : writes) {
                tx.set(p.keys().key(w), value);
            }
            return null;
        });
        return "txn";
    }

    private String readModifyWrite() {
        byte[] key = p.keys().key(p.chooser().next(rnd));
        byte[] value = value();
        attempts.run(tx -> {
            tx.get(key);
            tx.set(key, value);
            return null;
        });
        return "rmw";
    }

    private String transfer() {
        long from = p.chooser().next(rnd);
        long to = p.chooser().next(rnd);
        if (from == to) {
            to = (to + 1) % Bank.accounts(p);
        }
        byte[] a = p.keys().key(from);
        byte[] b = p.keys().key(to);
        long amount = 1 + rnd.nextInt(100);
        attempts.run(tx -> {
            long balanceA = Bank.balance(tx.get(a));
            long balanceB = Bank.balance(tx.get(b));
            long moved = Math.min(amount, balanceA);
            tx.set(a, Bank.encode(balanceA - moved));
            tx.set(b, Bank.encode(balanceB + moved));
            return null;
        });
        return "transfer";
    }

    private byte[] value() {
        byte[] v = new byte[p.valueSize()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) ('a' + rnd.nextInt(26));
        }
        return v;
    }

    /** Loads the values of indices {@code [from, to)} that a workload reads before it runs. */
    static void load(Params p, Attempts attempts, Random rnd, long from, long to) {
        attempts.run(tx -> {
            for (long i = from; i < to; i++) {
                byte[] v;
                if (p.workload() == Workload.BANK) {
                    v = Bank.encode(Bank.INITIAL_BALANCE);
                } else {
                    v = new byte[p.valueSize()];
                    for (int j = 0; j < v.length; j++) {
                        v[j] = (byte) ('a' + rnd.nextInt(26));
                    }
                }
                tx.set(p.keys().key(i), v);
            }
            return null;
        });
    }

    /** The balances of the bank workload: 8-byte big-endian amounts, and the end-of-run invariant check. */
    static final class Bank {
        /** The balance each account starts with. */
        static final long INITIAL_BALANCE = 1_000;

        private Bank() {}

        static long accounts(Params p) {
            return Math.max(2, p.chooser().size());
        }

        /** The amount in a stored balance; a missing account holds nothing. */
        static long balance(byte[] value) {
            if (value == null) {
                return 0;
            }
            if (value.length != Long.BYTES) {
                throw new IllegalStateException("a bank balance has " + value.length + " bytes, not 8");
            }
            return ByteBuffer.wrap(value).getLong();
        }

        static byte[] encode(long balance) {
            return ByteBuffer.allocate(Long.BYTES).putLong(balance).array();
        }

        /**
         * The problems with the bank's state: every one of {@code accounts} accounts present,
         * 8 bytes, never negative, and the total exactly {@code accounts * INITIAL_BALANCE}; empty when it holds.
         */
        static List<String> check(Iterable<KeyValue> state, long accounts) {
            java.util.ArrayList<String> problems = new java.util.ArrayList<>();
            long count = 0;
            long total = 0;
            for (KeyValue kv : state) {
                count++;
                if (kv.value().length != Long.BYTES) {
                    problems.add("account " + new String(kv.key(), java.nio.charset.StandardCharsets.ISO_8859_1)
                            + " holds " + kv.value().length + " bytes, not an 8-byte balance");
                    continue;
                }
                long b = ByteBuffer.wrap(kv.value()).getLong();
                if (b < 0) {
                    problems.add("account " + new String(kv.key(), java.nio.charset.StandardCharsets.ISO_8859_1)
                            + " is overdrawn: " + b);
                }
                total += b;
            }
            if (count != accounts) {
                problems.add("found " + count + " accounts, expected " + accounts);
            }
            long expected = accounts * INITIAL_BALANCE;
            if (total != expected) {
                problems.add("the balances add up to " + total + ", expected " + expected
                        + " (" + accounts + " accounts of " + INITIAL_BALANCE + ")");
            }
            return problems;
        }
    }
}
