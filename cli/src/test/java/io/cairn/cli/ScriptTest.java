package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ScriptTest {
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
    void execRunsCommandsInOneProcessAndStopsAtTheFirstFailure() {
        Harness.Result r = h.run("--exec", "put a 1; get a; get missing; put c 3");
        assertEquals(ExitCodes.NOT_FOUND, r.code());
        assertTrue(r.out().contains("\n1\n"), r.out());
        assertTrue(r.err().contains("key 'missing' not found"), r.err());
        assertNull(value("c"));
        assertEquals(1, h.opens, "one process opens the database once");
    }

    @Test
    void launchFlagsApplyToEveryCommandAndCommandFlagsToTheirOwn() {
        Harness.Result r = h.run("-o", "json", "--exec", "put a 1; get a; get a -o text");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("{\"key\":\"a\",\"value\":\"1\"}", lines[1]);
        assertEquals("1", lines[2]);
    }

    @Test
    void scriptFileRunsInteractiveTransactions() throws Exception {
        Path script = tmp.resolve("script.cairn");
        Files.writeString(script, "put a 1\nbegin\nput b 2\nget b\ndelete a\nrollback\nbegin\nput c 3\ncommit\n");
        Harness.Result r = h.run("shell", "--file", script.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("put 'b' (in the open transaction; commit to apply)\n2\n"), r.out());
        assertTrue(r.out().contains("rolled back"), r.out());
        assertNull(value("b"));
        assertEquals("1", new String(value("a"), StandardCharsets.UTF_8));
        assertEquals("3", new String(value("c"), StandardCharsets.UTF_8));
    }

    @Test
    void scriptEndingWithAnOpenTransactionWritesNothingOfIt() {
        Harness.Result r = h.run("--exec", "begin; put x 1");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("ended with an open transaction; it was rolled back"), r.err());
        assertNull(value("x"));
    }

    @Test
    void noArgumentsWithoutATerminalRunsStandardInput() {
        Harness.Result r = h.runWithInput("put a 1\nget a\nexit\nput b 2\n");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("\n1\n"), r.out());
        assertNull(value("b"), "exit ends the script");
        r = h.runWithInput("get a\nfrobnicate\nput b 2\n");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
        assertNull(value("b"));
    }

    @Test
    void shellInsideAScriptIsRefused() {
        Harness.Result r = h.run("--exec", "shell");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("already in a shell"), r.err());
    }
}
