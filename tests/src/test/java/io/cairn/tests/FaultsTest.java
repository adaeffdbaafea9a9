package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The seeded fault schedule and the fault names the runner and {@code tests/robustness.sh} accept. */
class FaultsTest {
    private static final long THIRTY_MINUTES = 1_800_000;

    @Test
    void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
        List<Faults.Spec> every = Faults.parse(String.join(",", Faults.names()));
        List<Faults.Planned> a = Faults.plan(31, THIRTY_MINUTES, every, 3);
        List<Faults.Planned> b = Faults.plan(31, THIRTY_MINUTES, Faults.parse(String.join(",", Faults.names())), 3);
        assertEquals(describe(a), describe(b));
        assertNotEquals(describe(a), describe(Faults.plan(32, THIRTY_MINUTES, every, 3)));
    }

    @Test
    void scheduleHoldsOneFaultAtATimeWithinTheRunAndDrawsEveryKind() {
        List<Faults.Spec> every = Faults.parse(String.join(",", Faults.names()));
        List<Faults.Planned> plan = Faults.plan(31, THIRTY_MINUTES, every, 3);
        long end = 2000; // the warm-up
        Set<String> drawn = new HashSet<>();
        for (Faults.Planned p : plan) {
            assertTrue(p.atMillis() >= end + 1000 && p.atMillis() < end + 4000, "1-4 s of calm before " + p);
            assertTrue(p.holdMillis() >= 1000 && p.holdMillis() < 5000, "held " + p);
            assertTrue(p.node() >= 0 && p.node() < 3, "node " + p);
            end = p.atMillis() + p.holdMillis();
            drawn.add(p.spec().name());
        }
        assertTrue(end <= THIRTY_MINUTES, "the last fault ends at " + end + " ms");
        assertTrue(plan.size() > 200, plan.size() + " faults in 30 minutes");
        assertEquals(new HashSet<>(Faults.names()), drawn);
    }

    @Test
    void noFaultKindsMeansNoFaults() {
        assertEquals(List.of(), Faults.plan(1, THIRTY_MINUTES, List.of(), 3));
    }

    @Test
    void everyKindIsNamedWithBothTargets() {
        assertEquals(List.of("kill-leader", "kill-random", "pause-leader", "pause-random", "partition-leader",
                "partition-random", "disk-leader", "disk-random", "drop-leader", "drop-random", "member-leader",
                "member-random"), Faults.names());
        assertEquals("pause-random", Faults.parse(" pause-random ,").get(0).name());
    }

    @Test
    void unknownFaultNameIsRefusedNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Faults.parse("kill-leader,crash-leader"));
        assertTrue(e.getMessage().contains("'crash-leader'") && e.getMessage().contains("partition-random"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Faults.parse("kill"));
        assertThrows(IllegalArgumentException.class, () -> Faults.parse("kill-follower"));
    }

    private static List<String> describe(List<Faults.Planned> plan) {
        return plan.stream().map(p -> p.atMillis() + " " + p.spec().name() + " " + p.node() + " " + p.holdMillis())
                .toList();
    }

    @Test
    void everyShortRunDrawsEachOfItsFaultsEarly() {
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (String run : List.of(RobustnessTest.RUN_1, RobustnessTest.RUN_2, RobustnessTest.RUN_3)) {
            long seed = Long.parseLong(run.split(";")[0].trim());
            List<Faults.Spec> specs = Faults.parse(run.split(";")[1]);
            List<Faults.Planned> plan = Faults.plan(seed, RobustnessTest.DURATION.toMillis(), specs, 3);
            for (Faults.Spec spec : specs) {
                long end = plan.stream().filter(p -> p.spec().name().equals(spec.name()))
                        .mapToLong(p -> p.atMillis() + p.holdMillis()).min().orElse(Long.MAX_VALUE);
                assertTrue(end <= RobustnessTest.FIRST_DRAWS_WITHIN_MILLIS, run + ": " + spec.name() + " first ends at "
                        + end + " ms:\n" + describe(plan));
                kinds.add(spec.fault().name());
            }
        }
        assertEquals(Faults.KINDS.keySet(), kinds, "the short runs between them inject every fault kind");
    }
}
