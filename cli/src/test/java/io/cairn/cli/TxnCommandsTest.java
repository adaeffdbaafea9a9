package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import io.cairn.commands.testing.ModelDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class TxnCommandsTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    private byte[] value(String key) {
        return h.db.snapshot().get(key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void batchWithHoldingGuardsCommitsEverything() {
        assertEquals(0, h.run("put", "balance", "10").code());
        String batch = "# move money\nif-equal balance 10\nif-absent lock\nput balance 7\nput \"audit log\" 'x y'\n"
                + "delete gone\nclear-range tmp/ tmp0\n";
        Harness.Result r = h.runWithInput(batch, "txn");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("if-equal 'balance' '10': held\nif-absent 'lock': held\nput 'balance' '7'\n"
                + "put 'audit log' 'x y'\ndelete 'gone'\nclear-range 'tmp/' 'tmp0'\n6 operations (committed at version "),
                r.out());
        assertEquals("7", new String(value("balance"), StandardCharsets.UTF_8));
        assertEquals("x y", new String(value("audit log"), StandardCharsets.UTF_8));
    }

    @Test
    void failedGuardExitsWithItsCodeAndWritesNothing() throws Exception {
        assertEquals(0, h.run("put", "balance", "10").code());
        int commits = h.db.commits();
        Path f = tmp.resolve("batch.txt");
        Files.writeString(f, "put a 1\nif-equal balance 11\nput b 2\n");
        Harness.Result r = h.run("txn", "--file", f.toString());
        assertEquals(ExitCodes.GUARD_FAILED, r.code());
        assertEquals("cairn: guard on line 2 failed: if-equal 'balance' '11', but its value is '10'; "
                + "nothing was written\n", r.err());
        assertEquals("", r.out());
        assertEquals(commits, h.db.commits());
        assertNull(value("a"));
        r = h.runWithInput("if-present nope\nput a 1\n", "txn");
        assertEquals(ExitCodes.GUARD_FAILED, r.code());
        assertTrue(r.err().contains("but the key has no value"), r.err());
    }

    @Test
    void conflictsAreRetriedAndReported() {
        h.db.forceConflicts(2);
        Harness.Result r = h.runWithInput("put a 1\n", "txn", "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("\\{\"op\":\"txn\",\"committed\":true,\"version\":\\d+,\"attempts\":3,"
                + "\"operations\":\\[\\{\"op\":\"put\",\"key\":\"a\",\"value\":\"1\"}]}\n"), r.out());
        h.db.forceConflicts(ModelDatabase.MAX_ATTEMPTS);
        r = h.runWithInput("put b 1\n", "txn");
        assertEquals(ExitCodes.CONFLICT, r.code());
        assertTrue(r.err().contains("not_committed (1020)"), r.err());
        assertNull(value("b"));
    }

    @Test
    void timeoutBoundsTheRetries() {
        h.db.slowReads(30);
        h.db.forceConflicts(ModelDatabase.MAX_ATTEMPTS);
        Harness.Result r = h.runWithInput("if-absent x\nput x 1\n", "txn", "--timeout", "50ms");
        assertEquals(ExitCodes.UNAVAILABLE, r.code(), r.err());
        assertTrue(r.err().contains("transaction_timed_out (1031): the operation did not finish within --timeout 50ms"),
                r.err());
        assertNull(value("x"));
    }

    @Test
    void malformedBatchNamesTheLineAndWritesNothing() {
        Harness.Result r = h.runWithInput("put a 1\nput b\n", "txn");
        assertEquals(ExitCodes.USAGE, r.code());
        assertEquals("cairn: txn line 2: put takes 2 arguments, not 1\n", r.err());
        assertEquals(0, h.db.commits());
        r = h.run("txn", "--file", tmp.resolve("none.txt").toString());
        assertEquals(ExitCodes.IO_ERROR, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void interactiveTransactionCommandsNeedTheShell() {
        Harness.Result r = h.run("begin");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("begin works only in the shell"), r.err());
        assertEquals(ExitCodes.USAGE, h.run("commit").code());
        assertEquals(ExitCodes.USAGE, h.run("rollback").code());
    }
}
