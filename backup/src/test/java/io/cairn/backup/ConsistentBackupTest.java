package io.cairn.backup;

import static io.cairn.backup.Fixtures.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.core.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backup taken while writers keep committing restores to exactly the state at the backup's
 * snapshot version: every committed transaction is recorded with its commit version, and the
 * restored database must equal the replay of those at or below the snapshot version.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsistentBackupTest {
    private static final int KEYS = 3000;
    private static final int WRITERS = 3;
    private static final int MAX_TXNS_PER_WRITER = 3000;

    /** One committed transaction: its version and its writes in order (a null value is a clear). */
    private record Txn(long version, List<byte[]> keys, List<byte[]> values) {}

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "leveldb"})
    void backupUnderConcurrentWritesRestoresExactlyTheSnapshotVersion(String backend) throws Exception {
        List<Txn> committed = Collections.synchronizedList(new ArrayList<>());
        BackupCreator.Result backup;
        try (EmbeddedDatabase db = Fixtures.open(tmp.resolve("source"), backend)) {
            preload(db, committed);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                long seed = 42 + w;
                Thread t = new Thread(() -> write(db, new Random(seed), stop, committed));
                t.start();
                writers.add(t);
            }
            // Slow the backup down so that it outlives the MVCC window while writes go on.
            Progress slow = new Progress() {
                @Override
                public void begin(String task, long totalBytes) {}

                @Override
                public void advance(long bytes) {
                    sleep(15);
                }

                @Override
                public void end() {}
            };
            try {
                sleep(100);
                backup = BackupCreator.create(db, tmp.resolve("backups"),
                        BackupCreator.Options.defaults().withChunkBytes(8 << 10), slow);
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertTrue(backup.manifest().chunks().size() > 20, "the backup should span many chunks");
            assertTrue(committed.stream().anyMatch(t -> t.version() > backup.manifest().snapshotVersion()),
                    "writes must have gone on after the snapshot");
        }
        TreeMap<byte[], byte[]> expected = replay(committed, backup.manifest().snapshotVersion());
        assertEquals(expected.size(), backup.manifest().keyCount());
        assertTrue(BackupVerifier.verify(backup.directory(), Progress.NONE).ok());

        try (EmbeddedDatabase target = Fixtures.open(tmp.resolve("target"), backend)) {
            BackupRestorer.Result r = BackupRestorer.restore(target, backup.directory(),
                    BackupRestorer.Options.defaults().withTransactionBytes(64 << 10), Progress.NONE);
            assertEquals(expected.size(), r.keys());
            assertTrue(r.transactions() > 1, "the restore should take several transactions");
            Fixtures.assertSameContents(expected, Fixtures.contents(target));
        }
    }

    /** Writes every key once, recording the transactions. */
    private static void preload(EmbeddedDatabase db, List<Txn> out) {
        for (int start = 0; start < KEYS; start += 500) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = start; i < Math.min(KEYS, start + 500); i++) {
                keys.add(b(Fixtures.key(i)));
                values.add(Fixtures.value(i, 100));
            }
            long v = Fixtures.commit(db, tx -> {
                for (int i = 0; i < keys.size(); i++) {
                    tx.set(keys.get(i), values.get(i));
                }
            });
            out.add(new Txn(v, keys, values));
        }
    }

    private static void write(EmbeddedDatabase db, Random rnd, AtomicBoolean stop, List<Txn> out) {
        for (int n = 0; n < MAX_TXNS_PER_WRITER && !stop.get(); n++) {
            List<byte[]> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            int ops = 1 + rnd.nextInt(5);
            for (int i = 0; i < ops; i++) {
                keys.add(b(Fixtures.key(rnd.nextInt(KEYS))));
                values.add(rnd.nextInt(4) == 0 ? null : Fixtures.value(rnd.nextInt(), 20 + rnd.nextInt(200)));
            }
            long v = Fixtures.commit(db, tx -> {
                for (int i = 0; i < keys.size(); i++) {
                    if (values.get(i) == null) {
                        tx.clear(keys.get(i));
                    } else {
                        tx.set(keys.get(i), values.get(i));
                    }
                }
            });
            out.add(new Txn(v, keys, values));
        }
    }

    private static TreeMap<byte[], byte[]> replay(List<Txn> committed, long version) {
        List<Txn> sorted = new ArrayList<>(committed);
        sorted.sort(Comparator.comparingLong(Txn::version));
        TreeMap<byte[], byte[]> state = new TreeMap<>(Bytes::compare);
        for (Txn t : sorted) {
            if (t.version() > version) {
                break;
            }
            for (int i = 0; i < t.keys().size(); i++) {
                if (t.values().get(i) == null) {
                    state.remove(t.keys().get(i));
                } else {
                    state.put(t.keys().get(i), t.values().get(i));
                }
            }
        }
        return state;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
