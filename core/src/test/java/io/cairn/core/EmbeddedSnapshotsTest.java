package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static io.cairn.core.TestDatabases.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Long-lived snapshots stay at their version past the MVCC window, where a read transaction fails. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedSnapshotsTest {
    private static final Duration WINDOW = Duration.ofMillis(100);

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "leveldb"})
    void snapshotOutlivesTheWindowAtItsVersionWhileWritesGoOn(String backend) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(tmp).backend(backend)
                .mvccWindow(WINDOW).build())) {
            long lastWrite = commit(db, "a", "1");
            commit(db, "b", "1");
            Transaction old = db.createTransaction();
            old.get(b("a"));
            try (Database.LongSnapshot snap = db.snapshots().orElseThrow().openSnapshot()) {
                assertTrue(snap.version() >= lastWrite, "the snapshot includes what was committed before it opened");
                commit(db, "a", "2");
                commit(db, "c", "2");
                db.run(tx -> {
                    tx.clear(b("b"));
                    return null;
                });
                Thread.sleep(4 * WINDOW.toMillis());
                commit(db, "d", "3");
                Thread.sleep(4 * WINDOW.toMillis());
                CairnException tooOld = assertThrows(CairnException.class, () -> old.get(b("c")));
                assertEquals(ErrorCode.TRANSACTION_TOO_OLD, tooOld.error());

                assertEquals(List.of("a=1", "b=1"), read(snap, Range.ALL));
                assertEquals(List.of("b=1"), read(snap, new Range(b("b"), new byte[] {(byte) 0xFF, 0})));
                assertFalse(snap.databaseId().isBlank());
            } finally {
                old.close();
            }
            String id = db.snapshots().orElseThrow().openSnapshot().databaseId();
            try (Database.LongSnapshot now = db.snapshots().orElseThrow().openSnapshot()) {
                assertEquals(List.of("a=2", "c=2", "d=3"), read(now, Range.ALL));
                assertEquals(id, now.databaseId(), "the id is stable");
            }
        }
    }

    private static long commit(EmbeddedDatabase db, String k, String v) {
        try (Transaction tx = db.createTransaction()) {
            tx.set(b(k), b(v));
            tx.commit();
            return tx.getCommittedVersion();
        }
    }

    private static List<String> read(Database.LongSnapshot snap, Range r) {
        List<String> out = new ArrayList<>();
        try (KeyValueIterator it = snap.iterate(r)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                out.add(s(kv.key()) + "=" + s(kv.value()));
            }
        }
        return out;
    }
}
