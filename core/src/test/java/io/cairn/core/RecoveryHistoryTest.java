package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.Transaction;
import io.cairn.api.txn.BufferedTransaction;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replaying the log after a crash reaches the verdicts reached before it, even when they depend
 * on commits (and rejections) already moved into the backend.
 */
@Timeout(60)
class RecoveryHistoryTest {
    private static final long WINDOW_MICROS = 60_000_000L;

    @TempDir
    Path dir;

    /** A log whose appends wait at a gate, so records can be stamped before a checkpoint and applied after it. */
    private static final class GatedLog extends ForwardingLog {
        final CountDownLatch arrived = new CountDownLatch(2);
        final CountDownLatch open = new CountDownLatch(1);
        volatile boolean gated;

        GatedLog(LocalLog delegate) {
            super(delegate);
        }

        @Override
        public CompletableFuture<Object> append(byte[] record) {
            if (gated) {
                arrived.countDown();
                try {
                    open.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return delegate.append(record);
        }
    }

    private LocalLog log() {
        return new LocalLog(dir.resolve("wal"), true, 1 << 20);
    }

    private static CompletableFuture<Long> commitAsync(Transaction tx) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                tx.commit();
                return tx.getCommittedVersion();
            } catch (CairnException e) {
                return (long) -e.code();
            }
        });
    }

    @Test
    void replayAfterCrashRebuildsConflictHistoryFromCheckpointedRecords() throws Exception {
        StorageEngine backend = StorageEngines.provider("leveldb").open(dir.resolve("data"), Map.of());
        GatedLog gated = new GatedLog(log());
        Engine engine = Engine.open(backend, gated, WINDOW_MICROS, 64 << 20);
        Transaction ta = new BufferedTransaction(engine);
        Transaction tb = new BufferedTransaction(engine);
        Transaction tc = new BufferedTransaction(engine);
        ta.get(b("k"));
        tb.get(b("k"));
        tc.get(b("z"));
        try (Transaction t = new BufferedTransaction(engine)) {
            t.set(b("k"), b("1"));
            t.commit();
        }
        tb.set(b("z"), b("1"));
        assertEquals(1020, assertThrows(CairnException.class, tb::commit).code());
        // tc and ta are stamped now, then wait while every applied version moves into the backend.
        gated.gated = true;
        tc.set(b("w"), b("1"));
        ta.set(b("x"), b("1"));
        CompletableFuture<Long> c = commitAsync(tc);
        CompletableFuture<Long> a = commitAsync(ta);
        gated.arrived.await();
        engine.checkpointAll();
        long durable = engine.durableVersion();
        gated.open.countDown();
        assertTrue(c.get() > durable, "tc read z, which only a rejected commit wrote: it commits, got " + c.get());
        assertEquals(-1020L, a.get(), "ta read k, written after its read version");
        engine.halt();
        backend.close();

        backend = StorageEngines.provider("leveldb").open(dir.resolve("data"), Map.of());
        Engine again = Engine.open(backend, log(), WINDOW_MICROS, 64 << 20);
        try {
            assertEquals(durable, again.durableVersion(), "the crash left the last commits in the log only");
            long v = again.readVersion();
            assertArrayEquals(b("1"), again.get(b("k"), v));
            assertArrayEquals(b("1"), again.get(b("w"), v), "a commit acknowledged after the checkpoint was lost");
            assertNull(again.get(b("x"), v), "a rejected commit was applied at replay");
            assertNull(again.get(b("z"), v), "a rejected commit was applied");
        } finally {
            again.close();
            backend.close();
        }
    }
}
