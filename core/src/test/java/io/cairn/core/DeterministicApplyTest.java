package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import io.cairn.api.txn.BufferedTransaction;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Applying one log to two engines gives the same verdicts and the same data. */
@Timeout(120)
class DeterministicApplyTest {
    @TempDir
    Path dir;

    /** One applied record and its outcome. */
    private record Entry(long version, byte[] record, Object outcome) {}

    /** A log that records what its delegate applies. */
    private static final class RecordingLog extends ForwardingLog {
        final List<Entry> entries = new ArrayList<>();

        RecordingLog(Log delegate) {
            super(delegate);
        }

        @Override
        public void start(StateMachine sm, long minVersion) {
            delegate.start((v, r) -> {
                Object o = sm.apply(v, r);
                synchronized (entries) {
                    entries.add(new Entry(v, r, o));
                }
                return o;
            }, minVersion);
        }
    }

    /** A log that only replays given records at start. */
    private static final class ReplayLog extends StubLog {
        final List<Entry> input;
        final List<Object> outcomes = new ArrayList<>();

        ReplayLog(List<Entry> input) {
            this.input = input;
        }

        @Override
        public void start(StateMachine sm, long minVersion) {
            for (Entry e : input) {
                outcomes.add(sm.apply(e.version(), e.record()));
            }
        }
    }

    @Test
    void oneLogAppliedToTwoEnginesGivesTheSameVerdictsAndData() throws Exception {
        StorageEngine backendA = StorageEngines.provider("memory").open(null, java.util.Map.of());
        RecordingLog logA = new RecordingLog(new LocalLog(dir.resolve("wal"), false, 1 << 20));
        Engine a = Engine.open(backendA, logA, 60_000_000L, 64 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            work.add(pool.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int i = 0; i < 150; i++) {
                    try (Transaction tx = new BufferedTransaction(a)) {
                        String k = "k" + rnd.nextInt(6);
                        byte[] v = tx.get(b(k));
                        tx.set(b(k), b((v == null ? "" : new String(v)).length() > 20 ? "x" : (v == null ? "" : new String(v)) + i));
                        tx.mutate(MutationType.ADD, b("count"), new byte[] {1, 0, 0, 0});
                        if (rnd.nextInt(10) == 0) {
                            tx.clear(new Range(b("k4"), b("k6")));
                        }
                        if (rnd.nextInt(7) == 0) {
                            tx.mutate(MutationType.COMPARE_AND_CLEAR, b("k1"), b("x"));
                        }
                        tx.commit();
                    } catch (CairnException e) {
                        assertEquals(1020, e.code(), e.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        List<Entry> applied;
        synchronized (logA.entries) {
            applied = new ArrayList<>(logA.entries);
        }
        a.checkpointAll();

        StorageEngine backendB = StorageEngines.provider("memory").open(null, java.util.Map.of());
        ReplayLog logB = new ReplayLog(applied);
        Engine bEngine = Engine.open(backendB, logB, 60_000_000L, 64 << 20);
        bEngine.checkpointAll();

        int rejected = 0;
        for (int i = 0; i < applied.size(); i++) {
            Object x = applied.get(i).outcome();
            Object y = logB.outcomes.get(i);
            assertEquals(x, y, "verdict of record " + i);
            if (!(x instanceof Long)) {
                rejected++;
            }
        }
        assertTrue(rejected > 0, "the workload should produce conflicts");
        assertTrue(rejected < applied.size(), "the workload should commit");
        assertEquals(dump(backendA), dump(backendB));
        a.close();
        bEngine.close();
        backendA.close();
        backendB.close();
    }

    private static List<String> dump(StorageEngine e) {
        List<String> out = new ArrayList<>();
        try (StorageIterator it = e.iterator(new byte[0], new byte[] {(byte) 0xFF}, false)) {
            while (it.hasNext()) {
                StorageEntry s = it.next();
                out.add(io.cairn.api.Bytes.printable(s.key()) + "=" + io.cairn.api.Bytes.printable(s.value()));
            }
        }
        return out;
    }
}
