package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.tests.robustness.CheckResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A checker that throws is reported as undecided, never as a pass, and the run still gets its report. */
class CheckOrUnknownTest {
    @Test
    void checkerThatThrowsIsUnknownAndNamesItsError() {
        CheckResult r = RobustnessRunner.checkOrUnknown("list-append", () -> {
            throw new IllegalStateException("a strongly connected component without a cycle");
        });
        assertEquals(CheckResult.Verdict.UNKNOWN, r.verdict());
        assertEquals("list-append", r.checker());
        assertTrue(r.summary().contains("a strongly connected component without a cycle"), r.summary());
        assertEquals(CheckResult.Verdict.UNKNOWN, CheckResult.Verdict.VALID.and(r.verdict()));
    }

    @Test
    void checkerThatReturnsKeepsItsVerdict() {
        CheckResult invalid = new CheckResult("bank", CheckResult.Verdict.INVALID, "1 read", List.of("sum 501"),
                List.of());
        assertEquals(invalid, RobustnessRunner.checkOrUnknown("bank", () -> invalid));
    }
}
