package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tests/robustness.sh} refuses bad options with exit code 2 before it builds or runs anything. */
class RobustnessScriptTest {
    @TempDir
    Path dir;

    private record Run(int code, String out) {}

    private Run script(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("robustness.sh").toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "robustness.sh " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    @Test
    void unknownFaultIsRefusedByName() throws Exception {
        Path report = dir.resolve("report");
        Run r = script("--faults", "kill-leader,crash-leader", "--out", report.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("unknown fault 'crash-leader'"), r.out());
        assertFalse(Files.exists(report), "a refused run wrote its report directory");
    }

    @Test
    void badNumbersAndUnknownOptionsAreRefused() throws Exception {
        Run seed = script("--seed", "tomorrow");
        assertEquals(2, seed.code(), seed.out());
        assertTrue(seed.out().contains("not a whole number: 'tomorrow'"), seed.out());
        Run clients = script("--clients", "0");
        assertEquals(2, clients.code(), clients.out());
        assertTrue(clients.out().contains("--clients must be at least 1"), clients.out());
        Run option = script("--minutes", "30");
        assertEquals(2, option.code(), option.out());
        assertTrue(option.out().contains("unknown option '--minutes'"), option.out());
    }

    @Test
    void helpNamesEveryFaultKind() throws Exception {
        Run help = script("--help");
        assertEquals(0, help.code(), help.out());
        for (String kind : Faults.KINDS.keySet()) {
            assertTrue(help.out().contains(kind), kind + " missing from the usage:\n" + help.out());
        }
    }

    @Test
    void everyFaultTheRunnerKnowsIsAcceptedByTheScript() throws Exception {
        String script = Files.readString(Path.of("robustness.sh"), StandardCharsets.UTF_8);
        for (String name : Faults.names()) {
            assertTrue(script.contains(name), "robustness.sh does not accept " + name);
        }
    }
}
