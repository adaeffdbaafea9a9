package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.tests.robustness.CheckResult;
import io.cairn.tests.robustness.FaultEvent;
import io.cairn.tests.robustness.History;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code run} check of a robustness run: nodes that exit by themselves, faults that fail. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunIncidentsTest {
    @TempDir
    Path dir;

    @Test
    void nodeThatExitsWithoutAFaultIsRecordedRestartedAndMakesTheRunInvalid() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir.resolve("c"), 1)) {
            cluster.startAll();
            LocalCluster.Member n1 = cluster.member(0);
            History history = new History();
            RobustnessRunner.Incidents incidents = new RobustnessRunner.Incidents();
            RobustnessRunner.restartExited(cluster, history, incidents);
            assertEquals(CheckResult.Verdict.VALID, incidents.check(0).verdict(), "a running node is no incident");

            // Not through cluster.kill, which is how faults kill: as if the node had crashed.
            Process crashed = n1.process;
            crashed.destroyForcibly();
            assertTrue(crashed.waitFor(30, TimeUnit.SECONDS));
            RobustnessRunner.restartExited(cluster, history, incidents);

            assertTrue(n1.process != crashed && n1.process.isAlive(), "the node was started again");
            LocalCluster.awaitListening(n1, 30_000);
            List<FaultEvent> events = history.faults();
            assertEquals(1, events.size(), events.toString());
            assertEquals("exited", events.get(0).kind());
            assertTrue(events.get(0).detail().contains("n1 exited by itself with code"), events.get(0).detail());
            CheckResult run = incidents.check(0);
            assertEquals(CheckResult.Verdict.INVALID, run.verdict());
            assertTrue(run.problems().get(0).startsWith("n1 exited by itself"), run.problems().toString());

            RobustnessRunner.restartExited(cluster, history, incidents);
            assertEquals(1, incidents.exits.size(), "a restarted node is not counted again");
        }
    }

    @Test
    void faultThatCouldNotBeHealedIsUnknownNotValid() {
        RobustnessRunner.Incidents incidents = new RobustnessRunner.Incidents();
        assertEquals(CheckResult.Verdict.VALID, incidents.check(12).verdict());
        incidents.errors.add("member-random on n2 at 5000 ms failed: no leader");
        CheckResult run = incidents.check(12);
        assertEquals(CheckResult.Verdict.UNKNOWN, run.verdict());
        assertEquals(List.of("member-random on n2 at 5000 ms failed: no leader"), run.problems());
    }
}
