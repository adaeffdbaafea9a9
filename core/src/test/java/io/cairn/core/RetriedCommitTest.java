package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.Mutation;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A commit retried under the same transaction id (after {@code commit_unknown_result}) is applied
 * at most once, even when the retry reaches the log long after the conflict window, as it does
 * when a failover takes a while.
 */
class RetriedCommitTest {
    private static final long WINDOW_MICROS = 5_000_000L;
    private static final long START = 1_800_000_000_000_000L;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A blind put of {@code key} plus one added to a counter, as a leader stamps it at {@code version}. */
    private static byte[] record(String key, byte[] id, long version) {
        byte[] one = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(1).array();
        CommitRequest req = new CommitRequest(0, List.of(), List.of(),
                List.of(new Mutation(Mutation.Kind.SET, b(key), b("v")), new Mutation(Mutation.Kind.ADD, b("count"), one)),
                id);
        byte[] r = req.encode(8);
        ByteBuffer.wrap(r).putLong(version - WINDOW_MICROS);
        return r;
    }

    private static long count(Engine e) {
        byte[] v = e.get(b("count"), e.lastApplied());
        return ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void commitRetriedLongAfterTheConflictWindowIsAppliedOnce() {
        StorageEngine backend = StorageEngines.provider("memory").open(null, Map.of());
        StubLog log = new StubLog();
        Engine engine = Engine.open(backend, log, WINDOW_MICROS, 64 << 20);
        byte[] id = b("retried-txn-0001");
        assertEquals(START, log.sm.apply(START, record("a", id, START)));
        // Other commits move the horizon 40 s on while the client looks for a new leader.
        long later = START + 40_000_000L;
        for (int i = 0; i < 10; i++) {
            log.sm.apply(later + i, record("other" + i, b("other-txn-" + (1000 + i)), later + i));
        }
        Object retried = log.sm.apply(later + 100, record("a", id, later + 100));
        assertEquals(START, retried, "the retry answers with the first attempt's version");
        assertEquals(11, count(engine));
        assertArrayEquals(b("v"), engine.get(b("a"), engine.lastApplied()));
        engine.close();
    }

    @Test
    void idsAreForgottenOnlyAfterTheRetention() {
        StorageEngine backend = StorageEngines.provider("memory").open(null, Map.of());
        StubLog log = new StubLog();
        Engine engine = Engine.open(backend, log, WINDOW_MICROS, 64 << 20);
        byte[] id = b("retried-txn-0002");
        log.sm.apply(START, record("a", id, START));
        long beyond = START + TransactionIds.RETENTION_MICROS + 1;
        assertEquals(beyond, log.sm.apply(beyond, record("a", id, beyond)),
                "past the retention the id is unknown; RetryLoop stops retrying well before");
        assertEquals(2, count(engine));
        engine.close();
    }
}
