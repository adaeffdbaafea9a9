package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write skew: two transactions each read both x and y and write one of them. Serializable reads
 * make the second commit fail with 1020; snapshot reads, as documented, allow the skew.
 */
@Timeout(60)
class WriteSkewTest {
    @TempDir
    Path dir;
    EmbeddedDatabase db;

    @BeforeEach
    void open() {
        db = TestDatabases.memory(dir);
        db.run(tx -> {
            tx.set(b("x"), b("1"));
            tx.set(b("y"), b("1"));
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void serializableReadsMakeTheSecondOfTwoSkewedCommitsFail() {
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            t1.get(b("x"));
            t1.get(b("y"));
            t2.get(b("x"));
            t2.get(b("y"));
            t1.set(b("x"), b("0"));
            t2.set(b("y"), b("0"));
            t1.commit();
            CairnException e = assertThrows(CairnException.class, t2::commit);
            assertEquals(ErrorCode.NOT_COMMITTED, e.error());
            assertEquals(1020, e.code());
        }
        assertEquals("0", TestDatabases.s(db.read(tx -> tx.get(b("x")))));
        assertEquals("1", TestDatabases.s(db.read(tx -> tx.get(b("y")))));
    }

    @Test
    void snapshotReadsAllowWriteSkewAsDocumented() {
        try (Transaction t1 = db.createTransaction(); Transaction t2 = db.createTransaction()) {
            t1.snapshot().get(b("x"));
            t1.snapshot().get(b("y"));
            t2.snapshot().get(b("x"));
            t2.snapshot().get(b("y"));
            t1.set(b("x"), b("0"));
            t2.set(b("y"), b("0"));
            t1.commit();
            t2.commit();
        }
        assertEquals("0", TestDatabases.s(db.read(tx -> tx.get(b("x")))));
        assertEquals("0", TestDatabases.s(db.read(tx -> tx.get(b("y")))));
    }

    @Test
    void runRetriesTheLoserSoBothEventuallyCommitSerially() {
        try (Transaction t1 = db.createTransaction()) {
            t1.get(b("x"));
            t1.get(b("y"));
            int[] attempts = {0};
            db.run(t2 -> {
                attempts[0]++;
                t2.get(b("x"));
                t2.set(b("y"), b("0"));
                return null;
            });
            t1.set(b("x"), b("0"));
            assertThrows(CairnException.class, t1::commit);
            assertEquals(1, attempts[0]);
        }
    }
}
