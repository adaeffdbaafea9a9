package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.tests.robustness.CheckResult;
import io.cairn.tests.robustness.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The short robustness runs every build makes: fixed seeds, every fault kind across the three
 * runs, every workload; any violation, a checker that could not decide, or a named fault that was
 * not injected fails. {@code tests/robustness.sh} runs the same
 * runner for longer.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RobustnessTest {
    static final Duration DURATION = Duration.ofSeconds(35);
    private static final int CLIENTS = 6;

    /** How soon each run's schedule draws every one of its faults (checked by {@code FaultsTest}). */
    static final long FIRST_DRAWS_WITHIN_MILLIS = 13_000;
    // Seeds whose schedules draw each of their three faults within the first 13 s, so that every
    // one is injected even when restarts on a loaded machine delay the schedule.
    static final String RUN_1 = "1481; kill-leader,pause-random,drop-random";
    static final String RUN_2 = "73; partition-leader,disk-random,member-random";
    static final String RUN_3 = "905; kill-random,pause-leader,drop-leader";

    @ParameterizedTest(name = "seed {0}: {1}")
    @CsvSource(delimiter = ';', value = {RUN_1, RUN_2, RUN_3})
    void historyUnderFaultsIsLinearizableSerializableAndLosesNoAcknowledgedWrite(long seed, String faults)
            throws Exception {
        // Kept under target/ so that a failure's history, faults and node logs can be read afterwards.
        Path report = Path.of("target", "robustness-ci-seed-" + seed).toAbsolutePath();
        deleteRecursively(report);
        RobustnessRunner.Config config = new RobustnessRunner.Config(seed, DURATION, Faults.parse(faults), CLIENTS,
                report);
        RobustnessRunner.Result result = RobustnessRunner.run(config);
        String text = RobustnessReport.text(result);
        System.out.println(text);
        assertEquals(CheckResult.Verdict.VALID, result.verdict(), text + "\nreport directory: " + report);
        for (String fault : faults.split(",")) {
            assertTrue(result.history().faults().stream().anyMatch(f -> f.kind().equals(fault)),
                    fault + " was never injected:\n" + text);
        }
        for (String workload : List.of("register", "bank", "append", "durability")) {
            long ok = result.history().ops(workload).stream()
                    .filter(o -> o.outcome() == Op.Outcome.OK && o.client() != Op.FINAL_CLIENT).count();
            assertTrue(ok > 10, workload + " had only " + ok + " successful operations:\n" + text);
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                java.nio.file.Files.delete(p);
            }
        }
    }
}
