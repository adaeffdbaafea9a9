package io.cairn.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shares one leadership confirmation among every read-version request that arrived before it
 * started.
 *
 * <p>A request is only answered by a confirmation that started after it arrived, so the read
 * version it gets is linearizable. Up to {@code maxInFlight} confirmations run at once: a request
 * that arrives while fewer are in flight starts one at once with every request waiting, instead of
 * waiting for the round in flight to end and then for a whole round of its own; beyond that,
 * requests wait together for the next round, which starts as soon as one ends. Thread-safe.
 */
final class LeadershipBatcher {
    private final Supplier<CompletableFuture<Void>> confirm;
    private final int maxInFlight;
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private int inFlight;

    /** A batcher running at most {@code maxInFlight} (at least 1) confirmations from {@code confirm} at once. */
    LeadershipBatcher(Supplier<CompletableFuture<Void>> confirm, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("at least one confirmation must be allowed in flight, not " + maxInFlight);
        }
        this.confirm = confirm;
        this.maxInFlight = maxInFlight;
    }

    /** Completes after a confirmation that started after this call. */
    CompletableFuture<Void> confirmed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        List<CompletableFuture<Void>> batch = null;
        synchronized (this) {
            waiting.add(f);
            if (inFlight < maxInFlight) {
                inFlight++;
                batch = takeWaiting();
            }
        }
        if (batch != null) {
            round(batch);
        }
        return f;
    }

    /** Holds the lock. */
    private List<CompletableFuture<Void>> takeWaiting() {
        List<CompletableFuture<Void>> batch = waiting;
        waiting = new ArrayList<>();
        return batch;
    }

    /** Starts a confirmation for {@code batch}, whose requests all arrived before this call. */
    private void round(List<CompletableFuture<Void>> batch) {
        CompletableFuture<Void> c;
        try {
            c = confirm.get();
        } catch (RuntimeException e) {
            c = CompletableFuture.failedFuture(e);
        }
        c.whenComplete((r, e) -> {
            for (CompletableFuture<Void> f : batch) {
                if (e == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(e);
                }
            }
            List<CompletableFuture<Void>> next = null;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    inFlight--;
                } else {
                    next = takeWaiting();
                }
            }
            if (next != null) {
                round(next);
            }
        });
    }
}
