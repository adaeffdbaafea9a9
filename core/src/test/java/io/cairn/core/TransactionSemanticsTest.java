package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static io.cairn.core.TestDatabases.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Limits;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TransactionSemanticsTest {
    @TempDir
    Path dir;
    EmbeddedDatabase db;

    @BeforeEach
    void open() {
        db = TestDatabases.memory(dir);
        db.run(tx -> {
            for (String k : new String[] {"a", "b", "c", "d", "e"}) {
                tx.set(b(k), b(k.toUpperCase()));
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static List<String> keys(List<KeyValue> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(kv -> out.add(s(kv.key()) + "=" + s(kv.value())));
        return out;
    }

    private static CairnException fails(ErrorCode code, Runnable r) {
        CairnException e = assertThrows(CairnException.class, r::run);
        assertEquals(code, e.error(), e.toString());
        return e;
    }

    @Test
    void readsSeeOwnSetsClearsAndRangeClears() {
        try (Transaction tx = db.createTransaction()) {
            tx.set(b("bb"), b("new"));
            tx.clear(b("a"));
            tx.clear(new Range(b("c"), b("e")));
            tx.set(b("cc"), b("after-clear"));
            assertNull(tx.get(b("a")));
            assertNull(tx.get(b("d")));
            assertEquals("after-clear", s(tx.get(b("cc"))));
            assertEquals(List.of("b=B", "bb=new", "cc=after-clear", "e=E"), keys(tx.getRange(Range.ALL)));
            assertEquals(List.of("e=E", "cc=after-clear", "bb=new", "b=B"), keys(tx.getRange(Range.ALL, 0, true)));
            assertEquals(List.of("b=B", "bb=new"), keys(tx.getRange(Range.ALL, 2, false)));
            assertEquals(List.of("e=E", "cc=after-clear"), keys(tx.getRange(Range.ALL, 2, true)));
            tx.commit();
        }
        assertEquals(List.of("b=B", "bb=new", "cc=after-clear", "e=E"), keys(db.read(tx -> tx.getRange(Range.ALL))));
    }

    @Test
    void atomicOperationsAreVisibleToOwnReadsAndApplyAtCommit() {
        db.run(tx -> {
            tx.set(b("n"), new byte[] {(byte) 0xFF, 0});
            return null;
        });
        try (Transaction tx = db.createTransaction()) {
            tx.mutate(MutationType.ADD, b("n"), new byte[] {1, 0});
            tx.mutate(MutationType.ADD, b("fresh"), new byte[] {5});
            tx.mutate(MutationType.MAX, b("a"), b("Z"));
            tx.mutate(MutationType.MIN, b("b"), b("A"));
            tx.mutate(MutationType.COMPARE_AND_CLEAR, b("c"), b("C"));
            tx.mutate(MutationType.COMPARE_AND_CLEAR, b("d"), b("no"));
            tx.mutate(MutationType.SET_IF_ABSENT, b("e"), b("ignored"));
            tx.mutate(MutationType.SET_IF_ABSENT, b("f"), b("F"));
            assertArrayEquals(new byte[] {0, 1}, tx.get(b("n")));
            assertArrayEquals(new byte[] {5}, tx.get(b("fresh")));
            assertEquals(List.of("a=Z", "b=A", "d=D", "e=E", "f=F"),
                    keys(tx.getRange(new Range(b("a"), b("fr")))));
            tx.commit();
        }
        db.read(tx -> {
            assertArrayEquals(new byte[] {0, 1}, tx.get(b("n")));
            assertArrayEquals(new byte[] {5}, tx.get(b("fresh")));
            assertEquals(List.of("a=Z", "b=A", "d=D", "e=E", "f=F"), keys(tx.getRange(new Range(b("a"), b("fr")))));
            return null;
        });
    }

    @Test
    void atomicAddOnAClearedKeyStartsFromZero() {
        db.run(tx -> {
            tx.clear(new Range(b("a"), b("z")));
            tx.mutate(MutationType.ADD, b("b"), new byte[] {7});
            assertArrayEquals(new byte[] {7}, tx.get(b("b")));
            return null;
        });
        assertArrayEquals(new byte[] {7}, db.read(tx -> tx.get(b("b"))));
        assertNull(db.read(tx -> tx.get(b("a"))));
    }

    @Test
    void streamingIteratorMergesOwnWritesAcrossManyBatches() {
        db.run(tx -> {
            for (int i = 0; i < 1000; i++) {
                tx.set(b(String.format("r%04d", i)), b("v" + i));
            }
            return null;
        });
        try (Transaction tx = db.createTransaction()) {
            tx.clear(new Range(b("r0100"), b("r0200")));
            tx.set(b("r0150"), b("mine"));
            int n = 0;
            String last = null;
            try (KeyValueIterator it = tx.iterate(Range.startsWith(b("r")), true)) {
                while (it.hasNext()) {
                    String k = s(it.next().key());
                    if (last != null) {
                        assertTrue(k.compareTo(last) < 0);
                    }
                    last = k;
                    n++;
                }
            }
            assertEquals(901, n);
        }
    }

    @Test
    void sizeLimitsAreErrorsNamingKeyAndLimit() {
        try (Transaction tx = db.createTransaction()) {
            byte[] bigKey = new byte[Limits.MAX_KEY_SIZE + 1];
            CairnException e = fails(ErrorCode.KEY_TOO_LARGE, () -> tx.set(bigKey, b("v")));
            assertTrue(e.getMessage().contains("10000"), e.getMessage());
            fails(ErrorCode.KEY_TOO_LARGE, () -> tx.get(bigKey));
            e = fails(ErrorCode.VALUE_TOO_LARGE, () -> tx.set(b("key1"), new byte[Limits.MAX_VALUE_SIZE + 1]));
            assertTrue(e.getMessage().contains("key1") && e.getMessage().contains("100000"), e.getMessage());
            fails(ErrorCode.VALUE_TOO_LARGE, () -> tx.mutate(MutationType.ADD, b("k"), new byte[Limits.MAX_VALUE_SIZE + 1]));
            tx.set(new byte[Limits.MAX_KEY_SIZE], new byte[Limits.MAX_VALUE_SIZE]);
            e = fails(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, () -> tx.set(new byte[] {(byte) 0xFF, 1}, b("v")));
            assertTrue(e.getMessage().contains("\\xff\\x01"), e.getMessage());
            fails(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, () -> tx.get(new byte[] {(byte) 0xFF}));
            fails(ErrorCode.KEY_OUTSIDE_LEGAL_RANGE, () -> tx.getRange(new Range(b("a"), new byte[] {(byte) 0xFF, 0})));
            fails(ErrorCode.INVALID_ARGUMENT, () -> tx.getRange(Range.ALL, -1, false));
        }
    }

    @Test
    void transactionLargerThanTenMegabytesFailsWith2101() {
        try (Transaction tx = db.createTransaction()) {
            byte[] value = new byte[Limits.MAX_VALUE_SIZE];
            CairnException e = fails(ErrorCode.TRANSACTION_TOO_LARGE, () -> {
                for (int i = 0; i < 200; i++) {
                    tx.set(b("big" + i), value);
                }
            });
            assertTrue(e.getMessage().contains("10000000"), e.getMessage());
        }
    }

    @Test
    void timeoutFailsLaterOperationsWith1031() throws InterruptedException {
        try (Transaction tx = db.createTransaction()) {
            tx.setTimeout(Duration.ofMillis(1));
            Thread.sleep(20);
            CairnException e = fails(ErrorCode.TRANSACTION_TIMED_OUT, () -> tx.get(b("a")));
            assertTrue(e.getMessage().contains("1 ms"), e.getMessage());
            fails(ErrorCode.TRANSACTION_TIMED_OUT, tx::commit);
        }
        try (Transaction tx = db.createTransaction()) {
            tx.setTimeout(Duration.ofMillis(1));
            tx.setTimeout(Duration.ZERO);
            Thread.sleep(5);
            assertEquals("A", s(tx.get(b("a"))));
            fails(ErrorCode.INVALID_ARGUMENT, () -> tx.setTimeout(Duration.ofMillis(-1)));
        }
    }

    @Test
    void cancelledTransactionFailsEveryOperationWith1025() {
        Transaction tx = db.createTransaction();
        tx.set(b("x"), b("y"));
        KeyValueIterator it = tx.iterate(Range.ALL, false);
        tx.cancel();
        List<Consumer<Transaction>> ops = List.of(t -> t.get(b("a")), t -> t.set(b("a"), b("b")), t -> t.clear(b("a")),
                t -> t.getRange(Range.ALL), Transaction::commit, t -> t.snapshot().get(b("a")));
        for (Consumer<Transaction> op : ops) {
            fails(ErrorCode.TRANSACTION_CANCELLED, () -> op.accept(tx));
        }
        fails(ErrorCode.TRANSACTION_CANCELLED, it::hasNext);
        tx.close();
        assertNull(db.read(t -> t.get(b("x"))));
    }

    @Test
    void useAfterCommitFailsWith2001() {
        Transaction tx = db.createTransaction();
        tx.set(b("x"), b("y"));
        tx.commit();
        fails(ErrorCode.INVALID_OPERATION, () -> tx.get(b("x")));
        fails(ErrorCode.INVALID_OPERATION, () -> tx.set(b("x"), b("z")));
        fails(ErrorCode.INVALID_OPERATION, tx::commit);
        tx.close();
        assertEquals("y", s(db.read(t -> t.get(b("x")))));
    }

    @Test
    void closedTransactionDiscardsItsWrites() {
        Transaction tx = db.createTransaction();
        tx.set(b("x"), b("y"));
        tx.close();
        fails(ErrorCode.TRANSACTION_CANCELLED, () -> tx.get(b("x")));
        assertNull(db.read(t -> t.get(b("x"))));
    }

    @Test
    void explicitReadConflictRangeMakesCommitFail() {
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            t1.getReadVersion();
            t1.addReadConflictRange(new Range(b("m"), b("n")));
            t1.set(b("out"), b("1"));
            t2.addWriteConflictRange(new Range(b("m1"), b("m2")));
            t2.commit();
            assertTrue(t2.getCommittedVersion() > 0);
            CairnException e = fails(ErrorCode.NOT_COMMITTED, t1::commit);
            assertTrue(e.isRetryable());
            assertTrue(e.getMessage().contains("[m, n)"), e.getMessage());
        }
    }

    @Test
    void snapshotReadsAddNoConflicts() {
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            assertEquals("A", s(t1.snapshot().get(b("a"))));
            assertEquals(3, t1.snapshot().getRange(new Range(b("a"), b("d"))).size());
            t1.set(b("z"), b("1"));
            t2.set(b("a"), b("changed"));
            t2.set(b("b"), b("changed"));
            t2.commit();
            t1.commit();
            assertTrue(t1.getCommittedVersion() > t2.getCommittedVersion());
        }
    }

    @Test
    void limitedRangeReadConflictsOnlyOnTheRowsItReturned() {
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            assertEquals(List.of("a=A", "b=B"), keys(t1.getRange(Range.ALL, 2, false)));
            t1.set(b("out"), b("1"));
            t2.set(b("d"), b("changed"));
            t2.commit();
            t1.commit();
        }
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            assertEquals(List.of("a=A", "b=B"), keys(t1.getRange(Range.ALL, 2, false)));
            t1.set(b("out"), b("2"));
            t2.set(b("b"), b("changed"));
            t2.commit();
            fails(ErrorCode.NOT_COMMITTED, t1::commit);
        }
    }

    @Test
    void readVersionIsFixedAtFirstRead() {
        try (Transaction t1 = db.createTransaction()) {
            long rv = t1.getReadVersion();
            db.run(tx -> {
                tx.set(b("a"), b("later"));
                return null;
            });
            assertEquals(rv, t1.getReadVersion());
            assertEquals("A", s(t1.get(b("a"))));
            assertEquals("A", s(t1.getRange(Range.single(b("a"))).get(0).value()));
        }
    }

    @Test
    void emptyRangesAreAllowedAndReturnNothing() {
        try (Transaction tx = db.createTransaction()) {
            assertTrue(tx.getRange(new Range(b("d"), b("a"))).isEmpty());
            tx.clear(new Range(b("d"), b("a")));
            assertFalse(tx.iterate(new Range(b("c"), b("c")), false).hasNext());
            tx.commit();
        }
        assertEquals(5, db.read(tx -> tx.getRange(Range.ALL)).size());
    }
}
