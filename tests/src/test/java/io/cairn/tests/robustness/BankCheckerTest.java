package io.cairn.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.tests.robustness.CheckResult.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BankCheckerTest {
    private final BankChecker checker = new BankChecker(Set.of("a", "b", "c"), 30);

    private static Op read(long i, Map<String, Long> balances) {
        return Op.ok(i, 0, "read", null, null, i * 10, i * 10 + 5, balances);
    }

    private static Op transfer(long i, String from, String to, long amount) {
        return Op.ok(i, 1, "transfer", null, List.of(from, to, amount), i * 10, i * 10 + 5, true);
    }

    @Test
    void readsThatKeepTheTotalAreValid() {
        CheckResult r = checker.check(List.of(read(0, Map.of("a", 10L, "b", 10L, "c", 10L)), transfer(1, "a", "b", 5),
                read(2, Map.of("a", 5L, "b", 15L, "c", 10L))));
        assertEquals(Verdict.VALID, r.verdict(), r.problems().toString());
    }

    @Test
    void readOfHalfATransferIsInvalid() {
        CheckResult r = checker.check(List.of(transfer(1, "a", "b", 5), read(1, Map.of("a", 5L, "b", 10L, "c", 10L))));
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(2, r.window().size(), "the read and the transfer it overlaps");
    }

    @Test
    void missingAccountOrNegativeBalanceIsInvalid() {
        assertEquals(Verdict.INVALID, checker.check(List.of(read(0, Map.of("a", 20L, "b", 10L)))).verdict());
        assertEquals(Verdict.INVALID, checker.check(List.of(read(0, Map.of("a", -5L, "b", 25L, "c", 10L)))).verdict());
    }

    @Test
    void withoutASuccessfulReadTheVerdictIsUnknown() {
        assertEquals(Verdict.UNKNOWN, checker.check(List.of(transfer(1, "a", "b", 5))).verdict());
    }
}
