package io.cairn.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-made apply traces that do and do not show replicas reaching different verdicts. */
class VerdictCheckerTest {
    private static String line(String event, long v, String out, String txn) {
        return "APPLY-TRACE 1 " + event + " v=" + v + " out=" + out + " txn=" + txn;
    }

    @Test
    void replicasAgreeingIncludingReplaysAndRetriesAreValid() {
        List<String> n1 = List.of("some other log line", line("apply", 10, "C", "aa"), line("apply", 11, "R1020", "bb"),
                line("apply", 12, "D", "aa"), "APPLY-TRACE 2 start journal=-1 durable=11",
                line("apply", 10, "N", "aa"), line("apply", 11, "R1020", "bb"));
        List<String> n2 = List.of(line("recover", 10, "C", "aa"), line("apply", 11, "R1020", "bb"),
                line("apply", 12, "D", "aa"));
        CheckResult r = VerdictChecker.check(Map.of("n1", n1, "n2", n2));
        assertEquals(CheckResult.Verdict.VALID, r.verdict(), r.problems().toString());
    }

    @Test
    void aReplicaAcceptingWhatAnotherRejectedIsInvalid() {
        CheckResult r = VerdictChecker.check(Map.of(
                "n1", List.of(line("apply", 10, "R1020", "-")),
                "n2", List.of(line("apply", 10, "C", "-"))));
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
        assertTrue(r.problems().get(0).contains("version 10"), r.problems().toString());
    }

    @Test
    void aReplicaChangingItsVerdictAfterARestartIsInvalid() {
        CheckResult r = VerdictChecker.check(Map.of(
                "n1", List.of(line("apply", 10, "R1020", "-"), "APPLY-TRACE 5 start journal=-1 durable=9",
                        line("apply", 10, "C", "-"))));
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
    }

    @Test
    void aTransactionCommittedAtTwoVersionsIsInvalid() {
        CheckResult r = VerdictChecker.check(Map.of(
                "n1", List.of(line("apply", 10, "C", "aa"), line("apply", 20, "C", "aa")),
                "n2", List.of(line("apply", 10, "C", "aa"), line("apply", 20, "C", "aa"))));
        assertEquals(CheckResult.Verdict.INVALID, r.verdict());
        assertTrue(r.problems().get(0).contains("twice"), r.problems().toString());
    }

    @Test
    void logsWithoutATraceDecideNothing() {
        assertEquals(CheckResult.Verdict.UNKNOWN, VerdictChecker.check(Map.of("n1", List.of("started"))).verdict());
    }
}
