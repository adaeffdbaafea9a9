package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LeadershipBatcherTest {
    private final List<CompletableFuture<Void>> rounds = new ArrayList<>();
    private final LeadershipBatcher batcher = batcher(1);

    private LeadershipBatcher batcher(int maxInFlight) {
        return new LeadershipBatcher(() -> {
            CompletableFuture<Void> f = new CompletableFuture<>();
            rounds.add(f);
            return f;
        }, maxInFlight);
    }

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

    @Test
    void withTwoInFlightARequestArrivingDuringARoundStartsTheSecondAtOnce() {
        LeadershipBatcher two = batcher(2);
        CompletableFuture<Void> a = two.confirmed();
        CompletableFuture<Void> b = two.confirmed(); // round 1 is in flight: b starts round 2
        assertEquals(2, rounds.size());
        CompletableFuture<Void> c = two.confirmed(); // two in flight: c waits
        CompletableFuture<Void> d = two.confirmed();
        assertEquals(2, rounds.size(), "no third round while two are in flight");
        rounds.get(1).complete(null);
        assertTrue(b.isDone());
        assertFalse(a.isDone(), "round 2 does not answer for round 1");
        assertFalse(c.isDone() || d.isDone(), "round 2 began before c and d arrived");
        assertEquals(3, rounds.size(), "round 3 starts for the waiting requests as round 2 ends");
        rounds.get(0).complete(null);
        assertTrue(a.isDone());
        assertFalse(c.isDone(), "round 1 began before c arrived");
        assertEquals(3, rounds.size(), "nothing waits, so no fourth round");
        rounds.get(2).complete(null);
        assertTrue(c.isDone() && d.isDone());
        CompletableFuture<Void> e = two.confirmed();
        assertEquals(4, rounds.size(), "idle again, a new request starts a round at once");
        rounds.get(3).complete(null);
        assertTrue(e.isDone());
    }

    @Test
    void atLeastOneRoundMustBeAllowed() {
        assertThrows(IllegalArgumentException.class, () -> batcher(0));
    }
}
