package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.tests.robustness.CheckResult;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The long robustness run that {@code tests/robustness.sh} starts; it runs only when the system
 * property {@code cairn.robustness.out} names a report directory. Properties:
 * {@code cairn.robustness.seed}, {@code .duration} (seconds), {@code .faults} (comma-separated
 * fault names) and {@code .clients}.
 */
@Tag("robustness")
@EnabledIfSystemProperty(named = "cairn.robustness.out", matches = ".+")
class RobustnessLongRunTest {
    @Test
    void longRunUnderFaultsHasNoViolation() throws Exception {
        long seed = Long.parseLong(System.getProperty("cairn.robustness.seed",
                Long.toString(System.currentTimeMillis())));
        Duration duration = Duration.ofSeconds(Long.parseLong(System.getProperty("cairn.robustness.duration", "300")));
        String faults = System.getProperty("cairn.robustness.faults", String.join(",", Faults.names()));
        int clients = Integer.parseInt(System.getProperty("cairn.robustness.clients", "6"));
        Path out = Path.of(System.getProperty("cairn.robustness.out"));
        System.out.printf("robustness run: seed %d, %d s, faults %s, %d clients, report in %s%n", seed,
                duration.toSeconds(), faults, clients, out);
        RobustnessRunner.Result result = RobustnessRunner.run(new RobustnessRunner.Config(seed, duration,
                Faults.parse(faults), clients, out));
        System.out.println(RobustnessReport.text(result));
        System.out.println("report: " + out.resolve("report.md"));
        assertEquals(CheckResult.Verdict.VALID, result.verdict(), "see " + out.resolve("report.md"));
    }
}
