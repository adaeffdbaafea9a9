package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs {@code cairn bench} briefly on the embedded engine over the memory backend. */
@Timeout(120)
class BenchCommandTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        List<String> all = new ArrayList<>(List.of("--backend", "memory", "-d", tmp.resolve("data").toString()));
        all.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        int code = Cli.run(all.toArray(String[]::new), io, new Environment(env, tmp, tmp, tmp.resolve("etc")),
                new EmbeddedOpener());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"put", "get", "mixed", "scan", "txn", "bank", "ycsb-a", "ycsb-b", "ycsb-c", "ycsb-e",
            "ycsb-f"})
    void everyWorkloadRunsAndReportsSaneJson(String workload) {
        Result r = run("bench", workload, "--ops", "200", "--clients", "4", "--keys", "500", "--warmup", "0",
                "--scan-length", "10", "-o", "json");
        assertEquals(0, r.code(), r.err());
        String json = r.out();
        assertTrue(json.startsWith("{\"workload\":\"" + workload + "\",\"target\":\"embedded\",\"clients\":4,"), json);
        assertEquals(200, number(json, "ops"), json);
        assertEquals(0, number(json, "failed"), json);
        assertTrue(json.matches("(?s).*\"throughput\":[0-9.]+,.*"), json);
        assertTrue(json.matches("(?s).*\"latency-ms\":\\{\"count\":200,\"mean\":[0-9.]+,\"p50\":[0-9.]+,\"p90\":[0-9.]+,"
                + "\"p99\":[0-9.]+,\"p99.9\":[0-9.]+,\"max\":[0-9.]+}.*"), json);
        assertTrue(number(json, "attempts") >= 200, json);
        assertTrue(json.contains("\"errors\":{}"), json);
        if (workload.equals("bank")) {
            assertTrue(json.contains("\"invariant\":{\"ok\":true,\"problems\":[]}"), json);
        }
        assertTrue(json.endsWith("}\n") && json.indexOf('\n') == json.length() - 1, "one JSON document: " + json);
        assertEquals("", r.err(), "no progress without a terminal");
    }

    @Test
    void textReportAndDurationRunAndClean() {
        // The memory backend lives for one run, so each case runs its commands in one --exec.
        Result r = run("--exec", "put user data; bench mixed --duration 300ms --warmup 100ms --clients 2 --keys 100 "
                + "--read-fraction 0.5; scan --prefix bench/ --count; bench put --ops 20 --keys 100 --clean; "
                + "scan --prefix bench/ --count; get user");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("workload:") && r.out().contains("latency-ms read") && r.out().contains("p99.9 "),
                r.out());
        assertTrue(r.out().contains("\n100\n"), "the mixed run loaded its 100 keys: " + r.out());
        assertTrue(r.out().endsWith("\n0\ndata\n"), "--clean removed the bench keys, not the user's: " + r.out());
    }

    @Test
    void keysStayUnderThePrefixAndUserKeysSurvive() {
        Result r = run("--exec", "put user data; bench put --ops 50 --keys 20 --warmup 0 --prefix b/ --key-size 8 "
                + "-o json; scan --keys-only");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertTrue(lines.length > 3, r.out());
        for (int i = 2; i < lines.length; i++) {
            assertTrue(lines[i].equals("user") || lines[i].matches("b/\\d{6}"), lines[i]);
        }
        assertEquals("user", lines[lines.length - 1]);
    }

    @Test
    void openLoopRunReportsTheRate() {
        Result r = run("bench", "put", "--ops", "40", "--rate", "400", "--clients", "2", "--keys", "50", "--warmup", "0",
                "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"rate\":400.0"), r.out());
        assertEquals(40, number(r.out(), "ops"));
        // 40 operations due 2.5 ms apart from the start: the last is due 97.5 ms in, so the measured time is at least that.
        Matcher m = Pattern.compile("\"elapsed-s\":([0-9.]+)").matcher(r.out());
        assertTrue(m.find());
        assertTrue(Double.parseDouble(m.group(1)) >= 0.097, r.out());
    }

    @Test
    void conflictsAreCountedAndOperationsThatRunOutOfRetriesFailTheRun() {
        Harness h = new Harness(tmp.resolve("model"));
        h.db.forceConflicts(15);
        Harness.Result r = h.run("bench", "put", "--ops", "5", "--clients", "1", "--keys", "10", "--warmup", "0",
                "-o", "json");
        // The first operation conflicts 10 times and fails; the second conflicts 5 times, then commits.
        assertEquals(ExitCodes.CONFLICT, r.code(), r.err());
        assertEquals(4, number(r.out(), "ops"), r.out());
        assertEquals(1, number(r.out(), "failed"), r.out());
        assertEquals(15, number(r.out(), "conflicts"), r.out());
        assertEquals(19, number(r.out(), "attempts"), r.out());
        assertTrue(r.out().contains("\"errors\":{\"not_committed\":1}"), r.out());
        assertTrue(r.out().contains("\"retried\":{\"not_committed\":14}"), r.out());
        assertTrue(r.err().startsWith("cairn: 1 operations failed; one of them: not_committed (1020)"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bogus", "put --clients 0", "put --ops 5 --duration 1s", "put --duration 0",
            "put --rate -1", "put --distribution pareto", "put --keys 0", "mixed --read-fraction 1.5",
            "put --key-size 4", "put --duration soon", "put --value-size -1", "txn --txn-reads 0 --txn-writes 0",
            "put --clients many", "bank --keys 1", "put --prefix \\xff", "put --prefix ''"})
    void badOptionsAreUsageErrors(String args) {
        List<String> a = new ArrayList<>(List.of("bench"));
        for (String s : args.split(" ")) {
            a.add(s.equals("''") ? "" : s);
        }
        Result r = run(a.toArray(String[]::new));
        assertEquals(ExitCodes.USAGE, r.code(), args + ": " + r.err());
        assertTrue(r.err().startsWith("cairn: ") || r.err().contains("Invalid value") || r.err().contains("Unknown"),
                r.err());
        assertEquals("", r.out());
    }
}
