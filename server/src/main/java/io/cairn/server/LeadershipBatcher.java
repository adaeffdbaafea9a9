package io.cairn.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shares one leadership confirmation among every read-version request that arrives while
 * another confirmation is in flight.
 *
 * <p>A request is only answered by a confirmation that started after it arrived, so the read
 * version it gets is linearizable; requests that arrive during a round wait for the next round,
 * which starts as soon as the current one ends. Thread-safe.
 */
final class LeadershipBatcher {
    private final Supplier<CompletableFuture<Void>> confirm;
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean inFlight;

    LeadershipBatcher(Supplier<CompletableFuture<Void>> confirm) {
        this.confirm = confirm;
    }

    /** Completes after a confirmation that started after this call. */
    CompletableFuture<Void> confirmed() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        boolean start;
        synchronized (this) {
            waiting.add(f);
            start = !inFlight;
            inFlight = true;
        }
        if (start) {
            round();
        }
        return f;
    }

    private void round() {
        List<CompletableFuture<Void>> batch;
        synchronized (this) {
            batch = waiting;
            waiting = new ArrayList<>();
        }
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
            boolean again;
            synchronized (this) {
                again = !waiting.isEmpty();
                inFlight = again;
            }
            if (again) {
                round();
            }
        });
    }
}
