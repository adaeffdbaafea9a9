package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeadershipBatcherTest {
    private final List<CompletableFuture<Void>> rounds = new ArrayList<>();
    private final LeadershipBatcher batcher = new LeadershipBatcher(() -> {
        CompletableFuture<Void> f = new CompletableFuture<>();
        rounds.add(f);
        return f;
    });

    @Test
    void aRequestIsAnsweredOnlyByARoundThatStartedAfterItArrived() {
        CompletableFuture<Void> a = batcher.confirmed();
        assertEquals(1, rounds.size());
        CompletableFuture<Void> b = batcher.confirmed(); // arrives while round 1 is in flight
        CompletableFuture<Void> c = batcher.confirmed();
        assertEquals(1, rounds.size(), "no second round while one is in flight");
        rounds.get(0).complete(null);
        assertTrue(a.isDone());
        assertFalse(b.isDone(), "round 1 began before b arrived, so it cannot answer b");
        assertEquals(2, rounds.size(), "the next round starts as soon as the first ends");
        rounds.get(1).complete(null);
        assertTrue(b.isDone() && c.isDone(), "one round answers every request that waited for it");
        assertEquals(2, rounds.size());
    }

    @Test
    void aFailedRoundFailsItsRequestsAndTheNextRoundStillRuns() {
        CompletableFuture<Void> a = batcher.confirmed();
        CompletableFuture<Void> b = batcher.confirmed();
        rounds.get(0).completeExceptionally(new IllegalStateException("deposed"));
        assertTrue(a.isCompletedExceptionally());
        assertFalse(b.isDone());
        rounds.get(1).complete(null);
        assertTrue(b.isDone() && !b.isCompletedExceptionally());
        CompletableFuture<Void> later = batcher.confirmed();
        assertEquals(3, rounds.size(), "idle again, a new request starts a new round");
        rounds.get(2).complete(null);
        assertTrue(later.isDone());
    }
}
