package io.cairn.bench.storage;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iq80.leveldb.CompressionType;
import org.iq80.leveldb.DB;
import org.iq80.leveldb.DBIterator;
import org.iq80.leveldb.Options;
import org.iq80.leveldb.WriteBatch;
import org.iq80.leveldb.WriteOptions;
import org.iq80.leveldb.impl.DbImpl;
import org.iq80.leveldb.impl.Iq80DBFactory;
import org.iq80.leveldb.util.Slices;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The workloads of {@link StorageSpiBenchmark} straight on the LevelDB Java port, with the options
 * the leveldb backend uses: the baseline for the cost of the SPI layer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LevelDbDirectBenchmark {
    private static final WriteOptions SYNC = new WriteOptions().sync(true);
    private static final WriteOptions NO_SYNC = new WriteOptions().sync(false);

    /** A LevelDB database in a fresh temporary directory. */
    @State(Scope.Thread)
    public static class Database {
        DB db;
        Path dir;
        final BenchData data = new BenchData();
        long counter;

        void open() throws IOException {
            dir = Files.createTempDirectory("cairn-bench-leveldb-direct");
            File file = dir.resolve("db").toFile();
            db = Iq80DBFactory.factory.open(file, new Options().createIfMissing(true).compressionType(CompressionType.NONE));
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            db.close();
            BenchFiles.deleteTree(dir);
        }
    }

    /** An empty database for the fill workloads. */
    @State(Scope.Thread)
    public static class Empty extends Database {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
        }
    }

    /** A database loaded with {@link BenchData#READ_KEYS} keys, and an open iterator for readseq. */
    @State(Scope.Thread)
    public static class Loaded extends Database {
        DBIterator scan;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            WriteBatch batch = db.createWriteBatch();
            for (int i = 0; i < BenchData.READ_KEYS; i++) {
                batch.put(BenchData.key(i), data.value());
                if ((i + 1) % 1000 == 0) {
                    db.write(batch);
                    batch.close();
                    batch = db.createWriteBatch();
                }
            }
            db.write(batch);
            batch.close();
            // The same flush and full compaction as the leveldb backend's compact().
            DbImpl impl = (DbImpl) db;
            impl.flushMemTable();
            byte[] max = new byte[10_001];
            java.util.Arrays.fill(max, (byte) 0xFF);
            for (int level = 0; level < 6; level++) {
                impl.compactRange(level, Slices.wrappedBuffer(new byte[0]), Slices.wrappedBuffer(max));
            }
            scan = db.iterator();
            scan.seekToFirst();
        }

        Map.Entry<byte[], byte[]> nextInScan() throws IOException {
            if (!scan.hasNext()) {
                scan.close();
                scan = db.iterator();
                scan.seekToFirst();
            }
            return scan.next();
        }

        @TearDown(Level.Trial)
        public void closeScan() throws IOException {
            scan.close();
        }
    }

    /** Writes keys in ascending order, one unsynced batch of one put per call. */
    @Benchmark
    public void fillseq(Empty s) throws IOException {
        write(s.db, BenchData.key(s.counter++ % BenchData.KEY_SPACE), s.data.value(), NO_SYNC);
    }

    /** Writes keys in random order, one unsynced batch of one put per call. */
    @Benchmark
    public void fillrandom(Empty s) throws IOException {
        write(s.db, s.data.randomKey(BenchData.KEY_SPACE), s.data.value(), NO_SYNC);
    }

    /** Writes one put per call with sync. */
    @Benchmark
    public void fillsync(Empty s) throws IOException {
        write(s.db, s.data.randomKey(BenchData.KEY_SPACE), s.data.value(), SYNC);
    }

    private static void write(DB db, byte[] key, byte[] value, WriteOptions options) throws IOException {
        try (WriteBatch batch = db.createWriteBatch()) {
            batch.put(key, value);
            db.write(batch, options);
        }
    }

    /** Reads a random present key per call. */
    @Benchmark
    public byte[] readrandom(Loaded s) {
        return s.db.get(s.data.randomKey(BenchData.READ_KEYS));
    }

    /** Reads the next entry of a forward scan per call, restarting the scan at the end. */
    @Benchmark
    public void readseq(Loaded s, Blackhole bh) throws IOException {
        // Take the bytes out, as every real reader of an entry does.
        Map.Entry<byte[], byte[]> e = s.nextInScan();
        bh.consume(e.getKey());
        bh.consume(e.getValue());
    }
}
