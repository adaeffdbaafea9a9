package io.cairn.backup;

import io.cairn.api.Bytes;
import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Shared helpers of the backup tests: databases, keys, and reading a whole database. */
final class Fixtures {
    /** A short MVCC window, so that opening a snapshot (which waits for it) is quick in tests. */
    static final Duration WINDOW = Duration.ofMillis(200);

    private Fixtures() {}

    static EmbeddedDatabase open(Path dir, String backend) {
        return EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend(backend).mvccWindow(WINDOW).build());
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String key(int i) {
        return String.format("k%06d", i);
    }

    /** Writes {@code count} keys {@code prefix + key(i)} with values of {@code valueBytes} bytes, in batches. */
    static void fill(Database db, String prefix, int count, int valueBytes) {
        for (int start = 0; start < count; start += 1000) {
            int from = start;
            db.run(tx -> {
                for (int i = from; i < Math.min(count, from + 1000); i++) {
                    tx.set(b(prefix + key(i)), value(i, valueBytes));
                }
                return null;
            });
        }
    }

    static byte[] value(int i, int size) {
        byte[] v = new byte[size];
        for (int j = 0; j < size; j++) {
            v[j] = (byte) (i * 31 + j * 7);
        }
        return v;
    }

    /** Every user pair of {@code db}, read in one transaction. */
    static TreeMap<byte[], byte[]> contents(Database db) {
        return contents(db, Range.ALL);
    }

    static TreeMap<byte[], byte[]> contents(Database db, Range range) {
        TreeMap<byte[], byte[]> out = new TreeMap<>(Bytes::compare);
        List<KeyValue> all = db.read(tx -> tx.getRange(range));
        for (KeyValue kv : all) {
            out.put(kv.key(), kv.value());
        }
        return out;
    }

    /** Whether two maps hold the same keys with the same values; fails naming the first difference. */
    static void assertSameContents(Map<byte[], byte[]> expected, Map<byte[], byte[]> actual) {
        TreeMap<byte[], byte[]> e = new TreeMap<>(Bytes::compare);
        e.putAll(expected);
        TreeMap<byte[], byte[]> a = new TreeMap<>(Bytes::compare);
        a.putAll(actual);
        for (Map.Entry<byte[], byte[]> x : e.entrySet()) {
            byte[] got = a.get(x.getKey());
            if (got == null) {
                throw new AssertionError("missing key '" + Bytes.printable(x.getKey()) + "' (" + e.size()
                        + " expected, " + a.size() + " found)");
            }
            if (!java.util.Arrays.equals(got, x.getValue())) {
                throw new AssertionError("key '" + Bytes.printable(x.getKey()) + "' has a different value");
            }
        }
        for (byte[] k : a.keySet()) {
            if (!e.containsKey(k)) {
                throw new AssertionError("unexpected key '" + Bytes.printable(k) + "'");
            }
        }
    }

    /** Commits {@code tx}'s work in a fresh transaction and returns its commit version. */
    static long commit(Database db, java.util.function.Consumer<Transaction> work) {
        while (true) {
            try (Transaction tx = db.createTransaction()) {
                work.accept(tx);
                tx.commit();
                return tx.getCommittedVersion();
            } catch (io.cairn.api.CairnException e) {
                if (!e.isRetryable() || e.isMaybeCommitted()) {
                    throw e;
                }
            }
        }
    }
}
