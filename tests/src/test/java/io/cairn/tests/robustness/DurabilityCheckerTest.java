package io.cairn.tests.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.tests.robustness.CheckResult.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DurabilityCheckerTest {
    private final DurabilityChecker checker = new DurabilityChecker();

    private static Op put(long i, String key) {
        return Op.ok(i, 0, "put", key, "v", i, i + 1, null);
    }

    private static Op finalRead(List<String> keys, long counter) {
        return Op.ok(100, Op.FINAL_CLIENT, "final-read", null, null, 100, 101,
                Map.of("keys", keys, "counter", counter));
    }

    @Test
    void everyAcknowledgedPutPresentIsValidAndUnknownOnesMayBeEither() {
        Op maybe = Op.unknown(3, 0, "put", "k3", "v", 3);
        assertEquals(Verdict.VALID, checker.check(List.of(put(1, "k1"), put(2, "k2"), maybe,
                finalRead(List.of("k1", "k2", "k3"), 3))).verdict());
        assertEquals(Verdict.VALID, checker.check(List.of(put(1, "k1"), put(2, "k2"), maybe,
                finalRead(List.of("k1", "k2"), 2))).verdict());
    }

    @Test
    void lostAcknowledgedPutIsInvalid() {
        CheckResult r = checker.check(List.of(put(1, "k1"), put(2, "k2"), finalRead(List.of("k1"), 1)));
        assertEquals(Verdict.INVALID, r.verdict());
        assertEquals(2, r.window().size(), "the lost put and the final read");
    }

    @Test
    void keyNobodyWroteIsInvalid() {
        assertEquals(Verdict.INVALID, checker.check(List.of(put(1, "k1"), finalRead(List.of("k1", "zz"), 2)))
                .verdict());
        assertEquals(Verdict.INVALID, checker.check(List.of(Op.fail(1, 0, "put", "k1", "v", 1, 2),
                finalRead(List.of("k1"), 1))).verdict());
    }

    @Test
    void counterDisagreeingWithTheKeysShowsADoubleApply() {
        assertEquals(Verdict.INVALID, checker.check(List.of(put(1, "k1"), finalRead(List.of("k1"), 2))).verdict());
    }

    @Test
    void withoutAFinalReadTheVerdictIsUnknown() {
        assertEquals(Verdict.UNKNOWN, checker.check(List.of(put(1, "k1"))).verdict());
    }
}
