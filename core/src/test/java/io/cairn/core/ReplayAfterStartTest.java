package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.Mutation;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replicated log replays, after the engine has opened, records that the backend already holds
 * (RAFT applies entries up to the commit index it learns from the leader, and a replica's journal
 * loses its unforced tail with the process). Such records only rebuild the conflict history and the
 * transaction ids, so later records get the verdicts every other replica gives them.
 *
 * <p>Regression test for the robustness runs (seeds 2 and 21, kill and pause faults) in which a
 * restarted replica accepted a commit the others rejected, and applied retried puts twice.
 */
class ReplayAfterStartTest {
    private static final long WINDOW_MICROS = 5_000_000L;
    private static final long START = 1_800_000_000_000_000L;

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A record as a leader stamps it: reads {@code read} at {@code readVersion} (if not null), writes {@code key}. */
    private static byte[] record(String read, long readVersion, String key, String id) {
        List<Range> reads = read == null ? List.of() : List.of(Range.single(b(read)));
        CommitRequest req = new CommitRequest(readVersion, reads, List.of(Range.single(b(key))),
                List.of(new Mutation(Mutation.Kind.SET, b(key), b(id))), b(id));
        byte[] r = req.encode(8);
        ByteBuffer.wrap(r).putLong(START - WINDOW_MICROS); // the leader's oldest readable version
        return r;
    }

    private StorageEngine backend() {
        return StorageEngines.provider("leveldb").open(dir.resolve("data"), Map.of());
    }

    @Test
    void restartedReplicaRejectsAStaleCommitWhoseConflictingWriteIsReplayedAfterStart() {
        byte[] w = record(null, 0, "k", "writer-txn-0001");
        byte[] x = record("k", START - 1, "other", "stale-txn-00001");
        StubLog first = new StubLog();
        StorageEngine backend = backend();
        Engine engine = Engine.open(backend, first, WINDOW_MICROS, 64 << 20);
        assertEquals(START, first.sm.apply(START, w));
        engine.close(); // the backend is now durable at START
        backend.close();

        StubLog second = new StubLog();
        StorageEngine again = backend();
        Engine reopened = Engine.open(again, second, WINDOW_MICROS, 64 << 20);
        // The log replays nothing during start; RAFT brings W back afterwards, at its version.
        assertNull(second.sm.apply(START, w), "a record the backend holds is not applied again");
        Object verdict = second.sm.apply(START + 10, x);
        Log.Rejection r = assertInstanceOf(Log.Rejection.class, verdict,
                "X read k before W wrote it: every replica rejects it");
        assertEquals(ErrorCode.NOT_COMMITTED, r.code());
        reopened.close();
        again.close();
    }

    @Test
    void restartedReplicaAnswersARetryOfACommitReplayedAfterStartWithItsFirstVersion() {
        byte[] w = record(null, 0, "k", "retried-txn-001");
        StubLog first = new StubLog();
        StorageEngine backend = backend();
        Engine engine = Engine.open(backend, first, WINDOW_MICROS, 64 << 20);
        assertEquals(START, first.sm.apply(START, w));
        engine.close();
        backend.close();

        StubLog second = new StubLog();
        StorageEngine again = backend();
        Engine reopened = Engine.open(again, second, WINDOW_MICROS, 64 << 20);
        assertNull(second.sm.apply(START, w));
        assertEquals(START, second.sm.apply(START + 10, w), "the retry is not applied a second time");
        assertEquals(START + 20, second.sm.apply(START + 20, record(null, 0, "k2", "fresh-txn-00001")));
        reopened.close();
        again.close();
    }
}
