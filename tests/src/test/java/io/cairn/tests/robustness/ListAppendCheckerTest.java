package io.cairn.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.tests.robustness.CheckResult.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListAppendCheckerTest {
    private final ListAppendChecker checker = new ListAppendChecker();
    private long index;

    private static List<Object> r(String key, Long... seen) {
        return Arrays.asList("r", key, List.of(seen));
    }

    private static List<Object> append(String key, long v) {
        return List.of("append", key, v);
    }

    /** An acknowledged transaction: its value is its micro-operations with reads blanked. */
    @SafeVarargs
    private Op txn(int client, List<Object>... mops) {
        List<Object> value = new ArrayList<>();
        for (List<Object> m : mops) {
            value.add(m.get(0).equals("r") ? Arrays.asList("r", m.get(1), null) : m);
        }
        long t = index * 10;
        return new Op(index++, client, "append", "txn", null, value, t, t + 5, Op.Outcome.OK, List.of(mops), null);
    }

    private Op withOutcome(Op o, Op.Outcome outcome) {
        return new Op(o.index(), o.client(), o.workload(), o.f(), o.key(), o.value(), o.invokeNanos(),
                outcome == Op.Outcome.UNKNOWN ? Long.MAX_VALUE : o.completeNanos(), outcome, null, "x");
    }

    @SafeVarargs
    private Op finalRead(List<Object>... reads) {
        return txn(Op.FINAL_CLIENT, reads);
    }

    private CheckResult check(Op... ops) {
        return checker.check(List.of(ops));
    }

    @Test
    void serialHistoryIsValid() {
        CheckResult result = check(txn(0, append("x", 1)), txn(1, r("x", 1L), append("y", 2)),
                txn(0, r("y", 2L), r("x", 1L), append("x", 3)), finalRead(r("x", 1L, 3L), r("y", 2L)));
        assertEquals(Verdict.VALID, result.verdict(), result.problems().toString());
    }

    @Test
    void unknownTransactionWhoseAppendWasReadIsValid() {
        Op maybe = withOutcome(txn(0, append("x", 1)), Op.Outcome.UNKNOWN);
        assertEquals(Verdict.VALID, check(maybe, txn(1, r("x", 1L)), finalRead(r("x", 1L))).verdict());
    }

    @Test
    void writeCycleIsG0() {
        CheckResult result = check(txn(0, append("x", 1), append("y", 1)), txn(1, append("x", 2), append("y", 2)),
                finalRead(r("x", 1L, 2L), r("y", 2L, 1L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("G0"), result.problems().toString());
    }

    @Test
    void eachSeeingTheOthersWriteIsG1c() {
        CheckResult result = check(txn(0, r("y", 2L), append("x", 1)), txn(1, r("x", 1L), append("y", 2)),
                finalRead(r("x", 1L), r("y", 2L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("G1c"), result.problems().toString());
    }

    @Test
    void writeSkewIsG2() {
        CheckResult result = check(txn(0, r("x"), append("y", 1)), txn(1, r("y"), append("x", 2)),
                finalRead(r("x", 2L), r("y", 1L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("G2"), result.problems().toString());
        assertEquals(2, result.window().size());
    }

    @Test
    void lostUpdateIsGSingle() {
        CheckResult result = check(txn(0, r("x"), append("x", 1)), txn(1, r("x"), append("x", 2)),
                finalRead(r("x", 1L, 2L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("G-single"), result.problems().toString());
    }

    @Test
    void duplicatedAppendIsReported() {
        CheckResult result = check(txn(0, append("x", 1)), finalRead(r("x", 1L, 1L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("duplicated append"), result.problems().toString());
    }

    @Test
    void incompatibleOrdersAreReported() {
        CheckResult result = check(txn(0, append("x", 1)), txn(1, append("x", 2)), txn(2, r("x", 2L)),
                finalRead(r("x", 1L, 2L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("incompatible orders"), result.problems().toString());
    }

    @Test
    void acknowledgedAppendMissingAtTheEndIsLost() {
        CheckResult result = check(txn(0, append("x", 1)), txn(1, append("x", 2)), finalRead(r("x", 1L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("lost append"), result.problems().toString());
    }

    @Test
    void readOfAFailedTransactionsAppendIsAnAbortedRead() {
        Op failed = withOutcome(txn(0, append("x", 1)), Op.Outcome.FAIL);
        CheckResult result = check(failed, finalRead(r("x", 1L)));
        assertEquals(Verdict.INVALID, result.verdict());
        assertTrue(result.problems().get(0).startsWith("aborted read"), result.problems().toString());
        assertEquals(Verdict.INVALID, check(finalRead(r("x", 9L))).verdict(), "garbage read");
    }

    /**
     * A real run numbers its operations in the tens of thousands, past the small integers Java
     * boxes to shared objects: the cycle search must compare transaction numbers by value.
     */
    @Test
    void cyclesAmongTransactionsNumberedPastTheBoxCacheAreReported() {
        index = 100_000;
        CheckResult g0 = check(txn(0, append("x", 1), append("y", 1)), txn(1, append("x", 2), append("y", 2)),
                finalRead(r("x", 1L, 2L), r("y", 2L, 1L)));
        assertEquals(Verdict.INVALID, g0.verdict());
        assertTrue(g0.problems().get(0).startsWith("G0"), g0.problems().toString());
        assertEquals(2, g0.window().size(), g0.window().toString());

        index = 5_000_000;
        CheckResult g2 = check(txn(0, r("x"), append("y", 1)), txn(1, r("y"), append("x", 2)),
                finalRead(r("x", 2L), r("y", 1L)));
        assertEquals(Verdict.INVALID, g2.verdict());
        assertTrue(g2.problems().get(0).startsWith("G2"), g2.problems().toString());
    }
}
