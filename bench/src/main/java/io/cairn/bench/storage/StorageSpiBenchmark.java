package io.cairn.bench.storage;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * db_bench workloads through the storage SPI, for every backend: one operation per call,
 * single-threaded, in microseconds per operation. Compare the leveldb rows with
 * {@link LevelDbDirectBenchmark} for the cost of the SPI layer.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StorageSpiBenchmark {

    /** An engine of the chosen backend in a fresh temporary directory. */
    @State(Scope.Thread)
    public static class Engine {
        @Param({"memory", "leveldb"})
        public String backend;

        StorageEngine engine;
        Path dir;
        final BenchData data = new BenchData();
        long counter;

        void open() throws IOException {
            dir = Files.createTempDirectory("cairn-bench-" + backend);
            engine = StorageEngines.provider(backend).open(dir.resolve("db"), Map.of());
        }

        @TearDown(Level.Trial)
        public void close() {
            engine.close();
            StorageEngines.provider(backend).destroy(dir.resolve("db"));
            BenchFiles.deleteTree(dir);
        }
    }

    /** An empty engine for the fill workloads. */
    @State(Scope.Thread)
    public static class Empty extends Engine {
        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
        }
    }

    /** An engine loaded with {@link BenchData#READ_KEYS} keys, and an open iterator for readseq. */
    @State(Scope.Thread)
    public static class Loaded extends Engine {
        StorageIterator scan;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            open();
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < BenchData.READ_KEYS; i++) {
                batch.put(BenchData.key(i), data.value());
                if (batch.size() == 1000) {
                    engine.write(batch, false);
                    batch = new WriteBatch();
                }
            }
            engine.write(batch, false);
            engine.compact(new byte[0], null);
            scan = engine.iterator(new byte[0], null, false);
        }

        StorageIterator reverseScan;

        StorageEntry nextInReverseScan() {
            if (reverseScan == null || !reverseScan.hasNext()) {
                if (reverseScan != null) {
                    reverseScan.close();
                }
                reverseScan = engine.iterator(new byte[0], null, true);
            }
            return reverseScan.next();
        }

        StorageEntry nextInScan() {
            if (!scan.hasNext()) {
                scan.close();
                scan = engine.iterator(new byte[0], null, false);
            }
            return scan.next();
        }

        @TearDown(Level.Trial)
        public void closeScan() {
            scan.close();
            if (reverseScan != null) {
                reverseScan.close();
            }
        }
    }

    /** Writes keys in ascending order, one unsynced batch of one put per call. */
    @Benchmark
    public void fillseq(Empty s) {
        s.engine.write(new WriteBatch().put(BenchData.key(s.counter++ % BenchData.KEY_SPACE), s.data.value()), false);
    }

    /** Writes keys in random order, one unsynced batch of one put per call. */
    @Benchmark
    public void fillrandom(Empty s) {
        s.engine.write(new WriteBatch().put(s.data.randomKey(BenchData.KEY_SPACE), s.data.value()), false);
    }

    /** Writes one put per call with sync: each returns once the batch is durable. */
    @Benchmark
    public void fillsync(Empty s) {
        s.engine.write(new WriteBatch().put(s.data.randomKey(BenchData.KEY_SPACE), s.data.value()), true);
    }

    /** Reads a random present key per call. */
    @Benchmark
    public byte[] readrandom(Loaded s) {
        return s.engine.get(s.data.randomKey(BenchData.READ_KEYS));
    }

    /** Reads the next entry of a forward scan per call, restarting the scan at the end. */
    @Benchmark
    public void readseq(Loaded s, Blackhole bh) {
        StorageEntry e = s.nextInScan();
        bh.consume(e.key());
        bh.consume(e.value());
    }

    /** Reads the next entry of a backward scan per call, restarting it at the end (no db_bench twin). */
    @Benchmark
    public void readreverse(Loaded s, Blackhole bh) {
        StorageEntry e = s.nextInReverseScan();
        bh.consume(e.key());
        bh.consume(e.value());
    }
}
