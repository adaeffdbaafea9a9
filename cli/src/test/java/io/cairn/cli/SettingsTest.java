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
class SettingsTest {
    @TempDir
    Path tmp;
    Harness h;
    Path file;

    @BeforeEach
    void setUp() {
        h = new Harness(tmp);
        file = tmp.resolve("work/cairn.properties");
    }

    @Test
    void unknownKeyIsReportedWithFileLineAndSuggestion() throws Exception {
        Files.writeString(file, "# comment\nbackend=memory\ntimeuot=5s\n");
        Harness.Result r = h.run("get", "k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("cairn: " + file + ":3: unknown key 'timeuot' (did you mean 'timeout'?)"), r.err());
        assertEquals(0, h.opens);
    }

    @Test
    void malformedLineAndBadValueAreReportedWithFileAndLine() throws Exception {
        Files.writeString(file, "backend=memory\njust-a-word\n");
        Harness.Result r = h.run("get", "k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("cairn: " + file + ":2: malformed line 'just-a-word': expected key=value"), r.err());
        Files.writeString(file, "timeout=5s\n\nsync=maybe\n");
        r = h.run("get", "k");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().startsWith("cairn: " + file + ":3: sync must be true or false, not 'maybe'"), r.err());
    }

    @Test
    void layersOverrideInOrder() throws Exception {
        Files.writeString(tmp.resolve("etc/cairn.properties"), "timeout=1s\nmvcc-window=2s\nsync=false\n");
        Path user = tmp.resolve("home/.config/cairn/cairn.properties");
        Files.createDirectories(user.getParent());
        Files.writeString(user, "timeout=2s\nmvcc-window=3s\n");
        Files.writeString(file, "timeout=3s\n");
        Settings s = Settings.load(h.environment());
        assertEquals("3s", s.get("timeout"));
        assertEquals("3s", s.get("mvcc-window"));
        assertEquals("false", s.get("sync"));
        h.env.put("CAIRN_TIMEOUT", "4s");
        h.env.put("CAIRN_BACKEND_OPTION_BLOCK_SIZE", "4096");
        s = Settings.load(h.environment());
        assertEquals("4s", s.get("timeout"));
        assertEquals("4096", s.backendOptions().get("block-size"));
        assertEquals("5s", s.withFlags(java.util.Map.of("timeout", "5s")).get("timeout"));
        h.env.put("XDG_CONFIG_HOME", tmp.resolve("xdg").toString());
        assertEquals("2s", Settings.load(h.environment()).get("mvcc-window"), "user file moves with XDG_CONFIG_HOME");
    }

    @Test
    void unknownEnvironmentVariableWarnsOnStderrOnly() {
        h.env.put("CAIRN_OUTPTU", "json");
        Harness.Result r = h.run("config", "show", "-o", "json");
        assertEquals(0, r.code());
        assertTrue(r.err().contains("warning: ignoring environment variable CAIRN_OUTPTU"), r.err());
        assertTrue(r.out().startsWith("{\"settings\":"), "the JSON stream stays clean");
        h.env.remove("CAIRN_OUTPTU");
        h.env.put("CAIRN_OUTPUT", "yaml");
        r = h.run("version");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown output format 'yaml'"), r.err());
    }
}
