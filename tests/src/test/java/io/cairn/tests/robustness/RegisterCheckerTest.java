package io.cairn.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.tests.robustness.CheckResult.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RegisterCheckerTest {
    private final RegisterChecker checker = new RegisterChecker(RegisterChecker.DEFAULT_BUDGET);
    private long index;

    private Op read(String key, Long result, long from, long to) {
        return Op.ok(index++, 0, "read", key, null, from, to, result);
    }

    private Op write(String key, long v, long from, long to) {
        return Op.ok(index++, 0, "write", key, v, from, to, null);
    }

    private Op cas(String key, long expected, long next, boolean swapped, long from, long to) {
        return Op.ok(index++, 0, "cas", key, List.of(expected, next), from, to, swapped);
    }

    private Verdict verdict(Op... ops) {
        return checker.check(Arrays.asList(ops)).verdict();
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        assertEquals(Verdict.VALID, verdict(read("a", null, 0, 1), write("a", 1, 2, 3), read("a", 1L, 4, 5),
                cas("a", 1, 2, true, 6, 7), cas("a", 1, 3, false, 8, 9), read("a", 2L, 10, 11)));
    }

    @Test
    void staleReadAfterANewerWriteCompletedIsNotLinearizable() {
        assertEquals(Verdict.INVALID, verdict(write("a", 1, 0, 10), write("a", 2, 20, 30), read("a", 1L, 40, 50)));
    }

    @Test
    void concurrentReadsMayEachSeeEitherSideOfAWriteButNotGoBack() {
        assertEquals(Verdict.VALID, verdict(write("a", 1, 0, 100), read("a", null, 10, 20), read("a", 1L, 30, 40)));
        assertEquals(Verdict.INVALID, verdict(write("a", 1, 0, 100), read("a", 1L, 10, 20), read("a", null, 30, 40)));
    }

    @Test
    void unknownWriteMayApplyLateOrNeverButOnlyOnce() {
        Op unknown = Op.unknown(index++, 1, "write", "a", 1L, 0);
        assertEquals(Verdict.VALID, checker.check(List.of(unknown, read("a", null, 10, 20), read("a", 1L, 30, 40)))
                .verdict());
        assertEquals(Verdict.VALID, checker.check(List.of(unknown, read("a", null, 100, 110))).verdict());
        assertEquals(Verdict.INVALID, checker.check(List.of(unknown, read("a", 1L, 10, 20), read("a", null, 30, 40)))
                .verdict());
    }

    @Test
    void unknownWriteCannotApplyBeforeItWasInvoked() {
        assertEquals(Verdict.INVALID, checker.check(List.of(read("a", 1L, 0, 10),
                Op.unknown(index++, 1, "write", "a", 1L, 20))).verdict());
    }

    @Test
    void failedWriteNeverApplies() {
        assertEquals(Verdict.INVALID, checker.check(List.of(Op.fail(index++, 1, "write", "a", 1L, 0, 10),
                read("a", 1L, 20, 30))).verdict());
    }

    @Test
    void compareAndSetMustAgreeWithTheValueItCompared() {
        assertEquals(Verdict.INVALID, verdict(write("a", 1, 0, 1), cas("a", 1, 2, false, 2, 3)));
        assertEquals(Verdict.INVALID, verdict(write("a", 3, 0, 1), cas("a", 1, 2, true, 2, 3)));
        assertEquals(Verdict.VALID, verdict(write("a", 1, 0, 10), cas("a", 1, 2, true, 5, 20), read("a", 2L, 21, 22)));
    }

    @Test
    void eachKeyIsCheckedAloneAndTheFailingKeyIsNamed() {
        CheckResult r = checker.check(List.of(write("a", 1, 0, 10), read("a", 1L, 20, 30),
                write("b", 1, 0, 10), write("b", 2, 11, 12), read("b", 1L, 20, 30)));
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).startsWith("key b "), r.problems().toString());
    }

    @Test
    void failingWindowIsTheShortestFailingPrefix() {
        List<Op> ops = new ArrayList<>(List.of(write("a", 1, 0, 10), write("a", 2, 20, 30)));
        Op stale = read("a", 1L, 40, 50);
        ops.add(stale);
        for (int i = 0; i < 20; i++) {
            ops.add(write("a", 10 + i, 100 + 10L * i, 105 + 10L * i));
        }
        CheckResult r = checker.check(ops);
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(3, r.window().size(), r.window().toString());
        assertTrue(r.window().contains(stale));
    }

    @Test
    void runningOutOfBudgetIsUnknownNotValid() {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ops.add(write("a", i, 0, 1000));
        }
        ops.add(read("a", 5L, 2000, 2001));
        assertEquals(Verdict.VALID, checker.check(ops).verdict());
        assertEquals(Verdict.UNKNOWN, new RegisterChecker(5).check(ops).verdict());
    }

    /**
     * Random concurrent histories made by a real register, each operation taking effect at a random
     * point inside its interval, are linearizable; corrupting one read makes them not.
     */
    @Test
    void randomHistoriesOfARealRegisterAreLinearizableAndACorruptedReadIsCaught() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Op> ops = new ArrayList<>();
            List<long[]> points = new ArrayList<>();
            int n = 5 + random.nextInt(40);
            for (int i = 0; i < n; i++) {
                long from = random.nextInt(1000);
                long to = from + 1 + random.nextInt(100);
                long at = from + random.nextInt((int) (to - from));
                points.add(new long[] {at, i, from, to});
            }
            points.sort((x, y) -> Long.compare(x[0], y[0]));
            Long state = null;
            int lastRead = -1;
            for (long[] p : points) {
                // Unknown outcomes are rare in real runs; each one multiplies the states to search.
                int kind = random.nextInt(10) == 0 ? 2 : new int[] {0, 1, 3}[random.nextInt(3)];
                long v = p[1] + 100;
                Op op;
                if (kind == 0) {
                    op = read("k", state, p[2], p[3]);
                    lastRead = ops.size();
                } else if (kind == 1) {
                    op = write("k", v, p[2], p[3]);
                    state = v;
                } else if (kind == 2) {
                    op = Op.unknown(index++, 1, "write", "k", v, p[2]);
                    if (random.nextBoolean()) {
                        state = v;
                    }
                } else {
                    long expected = random.nextBoolean() && state != null ? state : 7;
                    boolean swapped = state != null && state == expected;
                    op = cas("k", expected, v, swapped, p[2], p[3]);
                    if (swapped) {
                        state = v;
                    }
                }
                ops.add(op);
            }
            assertEquals(Verdict.VALID, checker.check(ops).verdict(), () -> "round " + ops);
            if (lastRead >= 0) {
                Op r = ops.get(lastRead);
                ops.set(lastRead, read("k", 999_999L, r.invokeNanos(), r.completeNanos()));
                assertEquals(Verdict.INVALID, checker.check(ops).verdict());
            }
        }
    }
}
