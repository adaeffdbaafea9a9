package io.cairn.bench.backup;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.backup.BackupCreator;
import io.cairn.backup.BackupRestorer;
import io.cairn.backup.Progress;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Backup and restore of one million 100-byte values in an embedded database, next to a raw scan
 * of the same data through the same long-lived snapshot. Each operation handles the whole data
 * set once; throughput is {@link #KEYS} keys (or {@link #RAW_BYTES} bytes) divided by its time.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class BackupBenchmark {
    /** Keys in the data set. */
    public static final int KEYS = 1_000_000;
    /** Bytes per value. */
    public static final int VALUE_BYTES = 100;
    /** Bytes per key. */
    public static final int KEY_BYTES = 12;
    /** Key and value bytes of the whole data set. */
    public static final long RAW_BYTES = (long) KEYS * (KEY_BYTES + VALUE_BYTES);

    /** The storage backend. */
    @Param({"leveldb"})
    public String backend;

    private Path dir;
    private EmbeddedDatabase source;
    private Path backup;
    private EmbeddedDatabase target;
    private int round;

    private static byte[] key(int i) {
        return ByteBuffer.allocate(KEY_BYTES).putInt(0x6b657900).putLong(i).array();
    }

    private EmbeddedDatabase open(String name) {
        return EmbeddedDatabase.open(DatabaseConfig.builder(dir.resolve(name)).backend(backend).sync(false).build());
    }

    /** Loads the data set (random, barely compressible values) and takes one backup for the restores. */
    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Files.createTempDirectory(Path.of(System.getProperty("cairn.bench.dir",
                System.getProperty("java.io.tmpdir"))), "cairn-backup-bench");
        source = open("source");
        Random rnd = new Random(1);
        for (int start = 0; start < KEYS; start += 10_000) {
            int from = start;
            source.run(tx -> {
                for (int i = from; i < from + 10_000; i++) {
                    byte[] v = new byte[VALUE_BYTES];
                    rnd.nextBytes(v);
                    tx.set(key(i), v);
                }
                return null;
            });
        }
        backup = BackupCreator.create(source, dir.resolve("for-restore"), BackupCreator.Options.defaults(),
                Progress.NONE).directory();
    }

    /** A fresh, empty target database for each restore. */
    @Setup(Level.Iteration)
    public void freshTarget() {
        round++;
        target = open("target-" + round);
    }

    /** Closes and deletes the target and the backups of the iteration. */
    @TearDown(Level.Iteration)
    public void dropTarget() {
        target.close();
        delete(dir.resolve("target-" + round));
        delete(dir.resolve("backups"));
    }

    /** Deletes everything. */
    @TearDown(Level.Trial)
    public void unload() {
        source.close();
        delete(dir);
    }

    /** Reads every pair through a long-lived snapshot and touches its bytes: the baseline. */
    @Benchmark
    public long rawScan() {
        long sum = 0;
        try (Database.LongSnapshot snap = source.snapshots().orElseThrow().openSnapshot();
                KeyValueIterator it = snap.iterate(Range.ALL)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                sum += kv.key().length + kv.value().length;
            }
        }
        return sum;
    }

    /** Backs up the whole data set into a new backup. */
    @Benchmark
    public long backup() {
        return BackupCreator.create(source, dir.resolve("backups"), BackupCreator.Options.defaults(), Progress.NONE)
                .manifest().keyCount();
    }

    /** Restores the whole backup into an empty database. */
    @Benchmark
    public long restore() {
        return BackupRestorer.restore(target, backup, BackupRestorer.Options.defaults(), Progress.NONE).keys();
    }

    private static void delete(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> files = Files.walk(p)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
