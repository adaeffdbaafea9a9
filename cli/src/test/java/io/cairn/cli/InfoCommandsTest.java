package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class InfoCommandsTest {
    @TempDir
    Path tmp;
    Harness h;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
    }

    @Test
    void statusNamesDataDirectoryBackendAndCounts() {
        assertEquals(0, h.run("put", "a", "1").code());
        Harness.Result r = h.run("status");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("mode:               embedded\n"), r.out());
        assertTrue(r.out().contains("data-dir:           " + tmp.resolve("work/cairn-data") + "\n"), r.out());
        assertTrue(r.out().contains("backend:            leveldb\n"), r.out());
        assertTrue(r.out().contains("keys:               1\n"), r.out());
        r = h.run("status", "-o", "json", "--backend", "memory", "-d", "/tmp/elsewhere");
        assertTrue(r.out().startsWith("{\"mode\":\"embedded\",\"data-dir\":\"/tmp/elsewhere\",\"backend\":\"memory\","
                + "\"keys\":1,"), r.out());
    }

    @Test
    void backendsListsTheProvidersFound() {
        Harness.Result r = h.run("backends");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("NAME +DESCRIPTION\n(?s).*"), r.out());
        assertTrue(r.out().matches("(?s).*\nmemory +in-memory.*"), r.out());
        assertTrue(h.run("backends", "-o", "json").out().startsWith("{\"backends\":[{\"name\":"));
        assertEquals(0, h.opens, "backends needs no database");
    }

    @Test
    void versionAndHelpNeedNoDatabase() {
        assertTrue(h.run("version").out().startsWith("cairn:  0.1.0"), h.run("version").out());
        assertTrue(h.run("--version").out().startsWith("cairn 0.1.0"));
        Harness.Result r = h.run("help", "exit-codes");
        assertEquals(0, r.code());
        for (String line : new String[] {"0  success", "1  not-found", "2  usage", "3  guard-failed", "4  conflict",
                "5  unavailable", "6  io-error", "70  internal", "130  cancelled"}) {
            assertTrue(r.out().contains(line), line);
        }
        assertTrue(h.run("help", "scan").out().startsWith("Usage: cairn scan"));
        assertTrue(h.run("scan", "--help").out().startsWith("Usage: cairn scan"));
        assertTrue(h.run("--help").out().contains("clear-range"));
        Harness.Result bad = h.run("help", "nope");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("no command 'nope'"), bad.err());
        assertEquals(0, h.opens);
    }

    @Test
    void configShowNamesEachSource() throws Exception {
        Files.writeString(tmp.resolve("etc/cairn.properties"), "backend = memory\ntimeout=5s\n");
        Path user = tmp.resolve("home/.config/cairn/cairn.properties");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "# mine\ntimeout=7s\nbackend-option.cache-size=1024\n");
        Files.writeString(tmp.resolve("work/cairn.properties"), "\n\noutput=json\n");
        h.env.put("CAIRN_TIMEOUT", "9s");
        h.env.put("CAIRN_JAVA_OPTS", "-Xmx1g");
        Harness.Result r = h.run("config", "show", "-o", "text", "--data-dir", "d");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        String out = r.out().replaceAll(" +", " ");
        assertTrue(out.contains("data-dir d command line\n"), out);
        assertTrue(out.contains("backend memory " + tmp.resolve("etc/cairn.properties") + ":1\n"), out);
        assertTrue(out.contains("output text command line\n"), out);
        assertTrue(out.contains("timeout 9s environment CAIRN_TIMEOUT\n"), out);
        assertTrue(out.contains("sync true default\n"), out);
        assertTrue(out.contains("backend-option.cache-size 1024"), out);
        assertTrue(out.contains(user + ":3\n"), out);
        assertTrue(h.run("config", "show").out().startsWith("{\"settings\":[{\"key\":\"data-dir\""),
                "./cairn.properties sets output=json");
    }

    @Test
    void configNeedsASubcommand() {
        Harness.Result r = h.run("config");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("config show"), r.err());
    }
}
