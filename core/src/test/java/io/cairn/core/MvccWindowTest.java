package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static io.cairn.core.TestDatabases.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MvccWindowTest {
    @TempDir
    Path dir;

    private static void put(EmbeddedDatabase db, String k, String v) {
        db.run(tx -> {
            tx.set(b(k), b(v));
            return null;
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void snapshotReadsInsideTheWindowAreExactEvenAfterACheckpoint() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("leveldb")
                .mvccWindow(Duration.ofSeconds(30)).build())) {
            List<Transaction> readers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                put(db, "k", "v" + i);
                put(db, "other" + i, "x");
                if (i == 2) {
                    db.run(tx -> {
                        tx.clear(Range.startsWith(b("other")));
                        return null;
                    });
                }
                Transaction tx = db.createTransaction();
                tx.getReadVersion();
                readers.add(tx);
            }
            int[] expectOthers = {1, 2, 0, 1, 2};
            for (int i = 0; i < 5; i++) {
                Transaction tx = readers.get(i);
                assertEquals("v" + i, s(tx.snapshot().get(b("k"))));
                assertEquals(expectOthers[i], tx.snapshot().getRange(Range.startsWith(b("other"))).size());
            }
            // Move every version into the backend: a reader at the newest version still reads exactly.
            db.engine().checkpointAll();
            Transaction newest = readers.get(4);
            assertEquals("v4", s(newest.get(b("k"))));
            assertEquals(2, newest.getRange(Range.startsWith(b("other"))).size());
            readers.forEach(Transaction::close);
        }
    }

    @Test
    void versionsNoOpenTransactionReadsLeaveMemoryBeforeTheWindowEnds() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory").sync(false)
                .mvccWindow(Duration.ofHours(1)).build())) {
            put(db, "k", "v0");
            Transaction reader = db.createTransaction();
            assertEquals("v0", s(reader.get(b("k"))));
            for (int i = 1; i <= 100; i++) {
                put(db, "k", "v" + i);
            }
            sleep(300);
            assertEquals("v0", s(reader.get(b("k"))), "an open reader keeps its versions");
            assertTrue(db.engine().durableVersion() <= reader.getReadVersion());
            reader.close();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (db.engine().memoryBytes() > 0 && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertEquals(0, db.engine().memoryBytes(), "with no reader left, every version moves to the backend");
            assertEquals(db.engine().lastApplied(), db.engine().durableVersion());
            assertEquals("v100", s(db.read(tx -> tx.get(b("k")))));
        }
    }

    @Test
    void readsOlderThanTheWindowFailWithTransactionTooOld() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory")
                .mvccWindow(Duration.ofMillis(50)).build())) {
            put(db, "k", "old");
            try (Transaction tx = db.createTransaction()) {
                assertEquals("old", s(tx.get(b("k"))));
                put(db, "k", "new");
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (db.engine().durableVersion() < db.engine().lastApplied() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                CairnException e = assertThrows(CairnException.class, () -> tx.get(b("k")));
                assertEquals(ErrorCode.TRANSACTION_TOO_OLD, e.error());
                assertTrue(e.isRetryable());
                assertThrows(CairnException.class, () -> tx.getRange(Range.ALL));
                tx.set(b("k"), b("mine"));
                CairnException c = assertThrows(CairnException.class, tx::commit);
                assertEquals(1007, c.code(), c.toString());
            }
            assertEquals("new", s(db.read(tx -> tx.get(b("k")))));
        }
    }

    @Test
    void writeBurstBeyondTheMemoryBudgetPushesVersionsOutInsteadOfGrowing() {
        long budget = 1 << 20;
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory").sync(false)
                .mvccWindow(Duration.ofHours(1)).mvccMemoryBytes(budget).build())) {
            put(db, "k", "old");
            Transaction old = db.createTransaction();
            assertEquals("old", s(old.get(b("k"))));
            byte[] value = new byte[10_000];
            long peak = 0;
            for (int i = 0; i < 1000; i++) {
                int n = i;
                db.run(tx -> {
                    tx.set(b("burst" + n), value);
                    return null;
                });
                peak = Math.max(peak, db.engine().memoryBytes());
            }
            assertTrue(peak <= budget + 2 * value.length, "memory peaked at " + peak + " bytes, budget " + budget);
            CairnException e = assertThrows(CairnException.class, () -> old.get(b("k")));
            assertEquals(ErrorCode.TRANSACTION_TOO_OLD, e.error());
            old.close();
            assertEquals(1000, db.read(tx -> tx.getRange(Range.startsWith(b("burst")))).size());
        }
    }

    @Test
    void logIsTruncatedAsTheBackendCatchesUp() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("leveldb").sync(false)
                .mvccWindow(Duration.ofMillis(1)).mvccMemoryBytes(1 << 20).logSegmentBytes(8192).build())) {
            byte[] value = new byte[1000];
            for (int i = 0; i < 2000; i++) {
                int n = i;
                db.run(tx -> {
                    tx.set(b("key" + (n % 50)), value);
                    return null;
                });
            }
            assertTrue(db.status().durableVersion() > 0);
            // 2000 commits of 1 KB wrote about 2 MB of log; once the backend has caught up, the
            // released segments are deleted and the log shrinks to its newest segments.
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (db.status().logSizeBytes() > 100_000 && System.nanoTime() < deadline) {
                put(db, "tick", "x");
                sleep(50);
            }
            assertTrue(db.status().logSizeBytes() <= 100_000, "log is " + db.status().logSizeBytes() + " bytes");
        }
    }
}
