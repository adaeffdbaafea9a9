package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static io.cairn.core.TestDatabases.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class EmbeddedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void committedWritesAreVisibleToLaterTransactions() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            long v = db.run(tx -> {
                tx.set(b("a"), b("1"));
                tx.set(b("b"), b("2"));
                return tx.getReadVersion();
            });
            assertTrue(v >= 0);
            assertEquals("1", s(db.read(tx -> tx.get(b("a")))));
            List<KeyValue> rows = db.read(tx -> tx.getRange(Range.ALL));
            assertEquals(2, rows.size());
            assertEquals("b", s(rows.get(1).key()));
        }
    }

    @Test
    void committedVersionGrowsAndReadOnlyCommitHasNone() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            long first;
            try (Transaction tx = db.createTransaction()) {
                tx.set(b("k"), b("v"));
                tx.commit();
                first = tx.getCommittedVersion();
            }
            try (Transaction tx = db.createTransaction()) {
                assertTrue(tx.getReadVersion() >= first);
                tx.get(b("k"));
                tx.commit();
                assertEquals(-1, tx.getCommittedVersion());
            }
            try (Transaction tx = db.createTransaction()) {
                tx.set(b("k"), b("w"));
                tx.commit();
                assertTrue(tx.getCommittedVersion() > first);
            }
            assertEquals(db.status().lastCommittedVersion(), db.engine().lastApplied());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryFailsWithDatabaseLocked() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            CairnException e = assertThrows(CairnException.class, () -> TestDatabases.memory(dir));
            assertEquals(ErrorCode.DATABASE_LOCKED, e.error());
            assertTrue(e.getMessage().contains(dir.toAbsolutePath().toString()), e.getMessage());
        }
        TestDatabases.memory(dir).close();
    }

    @Test
    void unknownBackendIsAnInvalidArgumentNamingIt() {
        CairnException e = assertThrows(CairnException.class,
                () -> EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("nosuch").build()));
        assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
    }

    @Test
    void closedDatabaseFailsOpenTransactionsWithDatabaseClosed() {
        EmbeddedDatabase db = TestDatabases.memory(dir);
        Transaction tx = db.createTransaction();
        tx.set(b("k"), b("v"));
        db.close();
        CairnException e = assertThrows(CairnException.class, tx::commit);
        assertEquals(ErrorCode.DATABASE_CLOSED, e.error());
        assertThrows(CairnException.class, db::createTransaction);
        db.close();
    }

    @Test
    void statusReportsDirectoryBackendAndVersions() {
        try (EmbeddedDatabase db = TestDatabases.memory(dir)) {
            db.run(tx -> {
                tx.set(b("x"), b("y"));
                return null;
            });
            DatabaseStatus st = db.status();
            assertEquals(dir.toAbsolutePath(), st.directory());
            assertEquals("memory", st.backend());
            assertTrue(st.lastCommittedVersion() > 0);
            assertTrue(st.logSizeBytes() > 0);
            assertNull(st.recoveryWarning());
        }
    }
}
