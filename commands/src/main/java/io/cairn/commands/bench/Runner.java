package io.cairn.commands.bench;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs a workload's operations from several client threads for a duration or a number of
 * operations, after a warm-up, and records the latency of each operation in HdrHistograms.
 *
 * <p>Closed loop (no rate): each client starts its next operation when the previous one ends, and
 * latency runs from start to end. Open loop (a rate): operations are due at fixed intervals of
 * {@code 1/rate} from the start, whoever is free takes the next one, and latency runs from the
 * time it was due, so time spent waiting for a free client counts (no coordinated omission).
 * {@link #run} blocks; {@link #completed} and {@link #failed} may be read from any thread meanwhile.
 */
final class Runner {
    /** Longest latency recorded exactly; longer ones are recorded as this. */
    static final long MAX_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    /** Time for the runner; the system clock in use, a fake one in tests. */
    interface Clock {
        /** Monotonic time in nanoseconds. */
        long nanoTime();

        /** Blocks until {@link #nanoTime} reaches {@code deadline}. */
        void sleepUntil(long deadline);

        /** The system's monotonic clock. */
        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepUntil(long deadline) {
                for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                    LockSupport.parkNanos(left);
                }
            }
        };
    }

    /** One client's operations: performs one and returns its type, or throws its error. */
    interface Client {
        /** Performs one operation; blocks. */
        String next();

        /** The client's attempt counters. */
        Attempts attempts();
    }

    /** How long and how hard to run. */
    record Plan(int clients, double rate, long warmupNanos, long durationNanos, long ops) {
        /** Checks the plan: clients and rate positive, exactly one of duration and ops. */
        Plan {
            if (clients < 1) {
                throw new IllegalArgumentException("clients must be at least 1, not " + clients);
            }
            if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be a positive number, not " + rate);
            }
            if ((durationNanos > 0) == (ops > 0)) {
                throw new IllegalArgumentException("give either a duration or a number of operations");
            }
        }
    }

    private final Plan plan;
    private final Clock clock;
    private final BooleanSupplier cancelled;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong slots = new AtomicLong();
    private final AtomicLong measuredClaims = new AtomicLong();

    /** A runner of {@code plan} on {@code clock} that stops early once {@code cancelled} says so. */
    Runner(Plan plan, Clock clock, BooleanSupplier cancelled) {
        this.plan = plan;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    /** Measured operations completed so far, failed ones included. */
    long completed() {
        return completed.sum();
    }

    /** Measured operations that failed so far. */
    long failed() {
        return failed.sum();
    }

    /**
     * Runs the plan with one client from {@code clients} per thread (client 0 on the calling
     * thread); blocks until every client is done.
     */
    Results run(IntFunction<Client> clients) {
        long start = clock.nanoTime();
        long warmEnd = start + plan.warmupNanos();
        List<Recorder> recorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < plan.clients(); i++) {
            Recorder r = new Recorder(clients.apply(i), start, warmEnd);
            recorders.add(r);
            if (i > 0) {
                Thread t = new Thread(r, "bench-client-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }
        recorders.get(0).run();
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while waiting for bench clients");
            }
        }
        Results results = new Results();
        long lastEnd = warmEnd;
        for (Recorder r : recorders) {
            results.add(r.histograms, r.errors, r.client.attempts(), r.lastError);
            lastEnd = Math.max(lastEnd, r.lastEnd);
        }
        results.elapsedNanos(Math.max(0, lastEnd - warmEnd));
        return results;
    }

    /** One client's loop and its own histograms (merged once every client is done). */
    private final class Recorder implements Runnable {
        final Client client;
        final long start;
        final long warmEnd;
        final java.util.Map<String, Histogram> histograms = new java.util.TreeMap<>();
        final java.util.Map<String, Long> errors = new java.util.TreeMap<>();
        RuntimeException lastError;
        long lastEnd;
        boolean measuring;

        Recorder(Client client, long start, long warmEnd) {
            this.client = client;
            this.start = start;
            this.warmEnd = warmEnd;
        }

        @Override
        public void run() {
            long end = plan.durationNanos() > 0 ? warmEnd + plan.durationNanos() : Long.MAX_VALUE;
            long warmSlots = plan.rate() > 0 ? (long) Math.ceil(plan.warmupNanos() * plan.rate() / 1e9) : 0;
            while (!cancelled.getAsBoolean()) {
                long due;
                boolean measured;
                if (plan.rate() > 0) {
                    long slot = slots.getAndIncrement();
                    due = start + (long) (slot * 1e9 / plan.rate());
                    measured = slot >= warmSlots;
                    if (due >= end || (plan.ops() > 0 && slot - warmSlots >= plan.ops())) {
                        return;
                    }
                    clock.sleepUntil(due);
                } else {
                    due = clock.nanoTime();
                    measured = due >= warmEnd;
                    if (due >= end || (measured && plan.ops() > 0 && measuredClaims.getAndIncrement() >= plan.ops())) {
                        return;
                    }
                }
                if (measured && !measuring) {
                    measuring = true;
                    client.attempts().reset();
                }
                String type;
                String error = null;
                try {
                    type = client.next();
                } catch (RuntimeException e) {
                    type = "failed";
                    error = e instanceof CairnException c ? c.error().label() : ErrorCode.INTERNAL_ERROR.label();
                    if (measured) {
                        lastError = e;
                    }
                }
                long done = clock.nanoTime();
                if (measured) {
                    histograms.computeIfAbsent(type, t -> new Histogram(MAX_LATENCY_NANOS, 3))
                            .recordValue(Math.min(MAX_LATENCY_NANOS, Math.max(0, done - due)));
                    if (error != null) {
                        errors.merge(error, 1L, Long::sum);
                        failed.increment();
                    }
                    completed.increment();
                    lastEnd = Math.max(lastEnd, done);
                }
            }
        }
    }
}
