package io.cairn.commands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.commands.testing.ModelDatabase;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner's accounting, on a fake clock: operations take exactly as long as the test says. */
@Timeout(30)
class RunnerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock that only moves when told; sleeping jumps to the deadline. */
    static final class FakeClock implements Runner.Clock {
        long now = 1_000 * MS;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepUntil(long deadline) {
            now = Math.max(now, deadline);
        }
    }

    private static Runner.Client client(FakeClock clock, long opNanos) {
        Attempts attempts = new Attempts(new ModelDatabase());
        return new Runner.Client() {
            @Override
            public String next() {
                clock.now += opNanos;
                return "op";
            }

            @Override
            public Attempts attempts() {
                return attempts;
            }
        };
    }

    @Test
    void openLoopMeasuresFromWhenEachOperationWasDue() {
        // 1,000 ops/s asked, one client whose operations take 10 ms: operation i is due at i ms but
        // starts at 10 i ms, so its latency is 9 i + 10 ms, not the 10 ms a closed loop would report.
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(1, 1_000, 0, 0, 100), clock, () -> false);
        Results r = runner.run(i -> client(clock, 10 * MS));
        Histogram h = r.all();
        assertEquals(100, h.getTotalCount());
        assertEquals(10 * MS, h.getMinValue(), 0.001 * 10 * MS);
        assertEquals((9 * 99 + 10) * MS, h.getMaxValue(), 0.001 * 901 * MS);
        assertEquals(1_000 * MS, r.elapsedNanos(), "the last of 100 operations of 10 ms ends 1 s after the start");
        assertEquals(100.0, r.throughput(), 1e-9);
    }

    @Test
    void openLoopWithCapacityToSpareSeesOnlyServiceTime() {
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(1, 100, 0, 0, 50), clock, () -> false);
        Results r = runner.run(i -> client(clock, 2 * MS));
        assertEquals(50, r.all().getTotalCount());
        assertEquals(2 * MS, r.all().getMaxValue(), 0.001 * 2 * MS);
        assertEquals(49 * 10 * MS + 2 * MS, r.elapsedNanos(), "the last is due at 490 ms and ends 2 ms later");
    }

    @Test
    void closedLoopMeasuresServiceTimeAndSkipsTheWarmup() {
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(1, 0, 100 * MS, 0, 30), clock, () -> false);
        Results r = runner.run(i -> client(clock, 10 * MS));
        assertEquals(30, r.all().getTotalCount(), "ten warm-up operations are not counted");
        assertEquals(10 * MS, r.all().getMaxValue(), 0.001 * 10 * MS);
        assertEquals(300 * MS, r.elapsedNanos());
    }

    @Test
    void openLoopWarmupSlotsAreNotCounted() {
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(1, 100, 50 * MS, 0, 20), clock, () -> false);
        Results r = runner.run(i -> client(clock, MS));
        assertEquals(20, r.all().getTotalCount());
        assertEquals(MS, r.all().getMaxValue(), 0.001 * MS);
    }

    @Test
    void durationEndsTheRun() {
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(1, 0, 0, 1_000 * MS, 0), clock, () -> false);
        Results r = runner.run(i -> client(clock, 7 * MS));
        assertEquals(143, r.all().getTotalCount(), "operations starting before 1 s: 0, 7, ..., 994 ms");
    }

    @Test
    void failuresAreCountedByNameAndNotInTheLatencies() {
        FakeClock clock = new FakeClock();
        Attempts attempts = new Attempts(new ModelDatabase());
        int[] n = {0};
        Runner runner = new Runner(new Runner.Plan(1, 0, 0, 0, 10), clock, () -> false);
        Results r = runner.run(i -> new Runner.Client() {
            @Override
            public String next() {
                clock.now += MS;
                if (n[0]++ % 5 == 0) {
                    throw new CairnException(ErrorCode.UNAVAILABLE, "no leader");
                }
                return "op";
            }

            @Override
            public Attempts attempts() {
                return attempts;
            }
        });
        assertEquals(8, r.succeeded());
        assertEquals(2, r.failed());
        assertEquals(2L, r.failures().get("unavailable"));
        assertEquals(8, r.all().getTotalCount());
        assertEquals(ErrorCode.UNAVAILABLE, ((CairnException) r.lastError()).error());
    }

    @Test
    void cancellationStopsEveryClient() {
        FakeClock clock = new FakeClock();
        Runner runner = new Runner(new Runner.Plan(3, 0, 0, 0, 1_000_000_000L), clock,
                () -> clock.now > 2_000 * MS);
        Results r = runner.run(i -> client(clock, MS));
        assertEquals(r.succeeded(), runner.completed());
    }

    @Test
    void badPlansAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Runner.Plan(0, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Runner.Plan(1, -1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Runner.Plan(1, 0, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Runner.Plan(1, 0, 0, 0, 0));
    }
}
