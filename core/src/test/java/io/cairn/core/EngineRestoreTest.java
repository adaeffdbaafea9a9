package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import io.cairn.api.txn.BufferedTransaction;
import io.cairn.api.txn.RangeBatch;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine restored from a copy of another's backend and log behaves as the original: same data,
 * and the same verdicts on later records, a conflict with a write from before the copy included.
 */
@Timeout(60)
class EngineRestoreTest {
    private static final long WINDOW_MICROS = 60_000_000L;

    @TempDir
    Path dir;

    /** A log that records what it applies and their outcomes. */
    private static final class RecordingLog extends ForwardingLog {
        final List<Log.VersionedRecord> records = new ArrayList<>();
        final List<Object> outcomes = new ArrayList<>();

        RecordingLog(Log delegate) {
            super(delegate);
        }

        @Override
        public void start(StateMachine sm, long minVersion) {
            delegate.start((v, r) -> {
                Object o = sm.apply(v, r);
                synchronized (records) {
                    records.add(new Log.VersionedRecord(v, r));
                    outcomes.add(o);
                }
                return o;
            }, minVersion);
        }
    }

    /** A log, empty at start, that applies appends at once and hands out its state machine. */
    private static final class EmptyLog extends StubLog {
        private long version;
        private final List<Log.VersionedRecord> replay;

        EmptyLog() {
            this(List.of());
        }

        /** A log that replays {@code replay} at start. */
        EmptyLog(List<Log.VersionedRecord> replay) {
            this.replay = replay;
        }

        @Override
        public void start(StateMachine stateMachine, long minVersion) {
            sm = stateMachine;
            version = minVersion;
            for (Log.VersionedRecord r : replay) {
                sm.apply(r.version(), r.record());
                version = r.version();
            }
        }

        @Override
        public synchronized java.util.concurrent.CompletableFuture<Object> append(byte[] record) {
            return java.util.concurrent.CompletableFuture.completedFuture(sm.apply(++version, record));
        }
    }

    private static void put(Engine e, String key, String value) {
        try (Transaction tx = new BufferedTransaction(e)) {
            tx.set(b(key), b(value));
            tx.commit();
        }
    }

    private static List<KeyValue> all(Engine e) {
        RangeBatch r = e.getRange(new byte[0], Range.SYSTEM_PREFIX, 100_000, false, e.lastApplied());
        return r.rows();
    }

    @Test
    void restoredEngineHoldsTheSameDataAndReachesTheSameVerdicts() {
        StorageEngine backendA = StorageEngines.provider("memory").open(null, Map.of());
        RecordingLog logA = new RecordingLog(new LocalLog(dir.resolve("wal"), false, 1 << 20));
        Engine a = Engine.open(backendA, logA, WINDOW_MICROS, 64 << 20);
        for (int i = 0; i < 50; i++) {
            put(a, "k" + (i % 7), "v" + i);
        }
        // A transaction that read k1 before the copy; k1 is written again before the copy.
        Transaction stale = new BufferedTransaction(a);
        stale.get(b("k1"));
        stale.set(b("other"), b("x"));
        put(a, "k1", "newer");
        Transaction rejectedBefore = new BufferedTransaction(a);
        rejectedBefore.get(b("k2"));
        rejectedBefore.set(b("k2"), b("lost"));
        put(a, "k2", "winner");
        assertThrows(CairnException.class, rejectedBefore::commit);
        List<Log.VersionedRecord> records;
        synchronized (logA.records) {
            records = new ArrayList<>(logA.records);
        }
        // The copy comes from a peer fed the same log that has checkpointed everything, while this
        // engine still keeps the stale transaction's version readable: as in a cluster.
        StorageEngine backendPeer = StorageEngines.provider("memory").open(null, Map.of());
        Engine peer = Engine.open(backendPeer, new EmptyLog(records), WINDOW_MICROS, 64 << 20);
        peer.checkpointAll();

        List<KeyValue> pairs = new ArrayList<>();
        try (io.cairn.api.Database.LongSnapshot copy = new EmbeddedSnapshots(peer, backendPeer, dir, 1000).open(true);
             KeyValueIterator it = copy.iterate(new Range(new byte[0], new byte[] {(byte) 0xFF, (byte) 0xFF}))) {
            it.forEachRemaining(pairs::add);
        }
        assertTrue(pairs.stream().anyMatch(kv -> kv.key()[0] == (byte) 0xFF), "the copy left out bookkeeping keys");

        StorageEngine backendB = StorageEngines.provider("memory").open(null, Map.of());
        EmptyLog logB = new EmptyLog();
        Engine b = Engine.open(backendB, logB, WINDOW_MICROS, 64 << 20);
        put(b, "garbage", "that the copy replaces");
        logB.sm.restore(pairs.iterator(), records.iterator());

        assertEquals(a.lastApplied(), b.lastApplied());
        assertEquals(keys(all(a)), keys(all(b)));
        assertEquals(values(all(a)), values(all(b)));

        // Later records: the stale transaction conflicts on both; a fresh one commits on both at the same version.
        int from;
        synchronized (logA.records) {
            from = logA.records.size();
        }
        CairnException e = assertThrows(CairnException.class, stale::commit);
        assertEquals(ErrorCode.NOT_COMMITTED, e.error());
        put(a, "k3", "after");
        synchronized (logA.records) {
            for (int i = from; i < logA.records.size(); i++) {
                Log.VersionedRecord r = logA.records.get(i);
                assertEquals(String.valueOf(logA.outcomes.get(i)), String.valueOf(b.apply(r.version(), r.record())),
                        "verdict on record " + r.version());
            }
        }
        assertEquals(values(all(a)), values(all(b)));
        a.close();
        b.close();
        peer.close();
    }

    @Test
    void aRestoreThatFailsMidwayLeavesTheReplicaRefusingReadsAndDiscardedAtTheNextOpen() {
        StorageEngine backend = StorageEngines.provider("memory").open(null, Map.of());
        EmptyLog log = new EmptyLog();
        Engine e = Engine.open(backend, log, WINDOW_MICROS, 64 << 20);
        put(e, "k", "v");
        Iterator<KeyValue> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public KeyValue next() {
                if (++n > 3) {
                    throw new CairnException(ErrorCode.UNAVAILABLE, "peer gone");
                }
                return new KeyValue(b("c" + n), b("half"));
            }
        };
        assertThrows(CairnException.class, () -> log.sm.restore(failing, List.<Log.VersionedRecord>of().iterator()));
        CairnException refused = assertThrows(CairnException.class, () -> e.get(b("k"), e.lastApplied()));
        assertEquals(ErrorCode.UNAVAILABLE, refused.error());
        assertTrue(Engine.discardUnfinishedRestore(backend), "the half copy was not recognised");
        assertTrue(SystemKeys.isNew(backend), "the half copy was not discarded");
    }

    private static List<String> keys(List<KeyValue> kvs) {
        List<String> out = new ArrayList<>();
        kvs.forEach(kv -> out.add(new String(kv.key())));
        return out;
    }

    private static List<String> values(List<KeyValue> kvs) {
        List<String> out = new ArrayList<>();
        kvs.forEach(kv -> out.add(new String(kv.key()) + "=" + new String(kv.value())));
        return out;
    }
}
