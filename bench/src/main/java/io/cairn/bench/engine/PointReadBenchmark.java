package io.cairn.bench.engine;

import io.cairn.api.Transaction;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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

/**
 * A point read of a random existing key through the engine (a new transaction and one get) next
 * to the same read straight from the backend. Both read the very same files: the data is loaded
 * through the engine, which is closed, and then either the engine or the bare backend is opened on
 * them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class PointReadBenchmark {
    private static final int KEYS = 100_000;

    private static byte[] key(int i) {
        return ByteBuffer.allocate(12).putInt(0x6b657900).putLong(i).array();
    }

    private static byte[] randomKey() {
        return key(ThreadLocalRandom.current().nextInt(KEYS));
    }

    /** A data directory loaded with {@value #KEYS} keys of 100 bytes through the engine, then closed. */
    @State(Scope.Benchmark)
    public abstract static class Loaded {
        /** The storage backend. */
        @Param({"leveldb"})
        public String backend;

        Path dir;

        DatabaseConfig config() {
            return DatabaseConfig.builder(dir).backend(backend).sync(false).build();
        }

        void load() {
            dir = BenchDirs.create("cairn-read-bench");
            byte[] value = new byte[100];
            try (EmbeddedDatabase db = EmbeddedDatabase.open(config())) {
                for (int start = 0; start < KEYS; start += 1000) {
                    int from = start;
                    db.run(tx -> {
                        for (int i = from; i < from + 1000; i++) {
                            tx.set(key(i), value);
                        }
                        return null;
                    });
                }
            }
        }
    }

    /** The engine opened on the loaded files. */
    public static class Engine extends Loaded {
        EmbeddedDatabase db;

        /** Loads and opens. */
        @Setup(Level.Trial)
        public void open() {
            load();
            db = EmbeddedDatabase.open(config());
        }

        /** Closes and deletes. */
        @TearDown(Level.Trial)
        public void close() {
            db.close();
            BenchDirs.delete(dir);
        }
    }

    /** The bare backend opened on the loaded files. */
    public static class Raw extends Loaded {
        StorageEngine raw;

        /** Loads and opens. */
        @Setup(Level.Trial)
        public void open() {
            load();
            raw = StorageEngines.provider(backend).open(dir.resolve("data"), Map.of());
        }

        /** Closes and deletes. */
        @TearDown(Level.Trial)
        public void close() {
            raw.close();
            BenchDirs.delete(dir);
        }
    }

    /** A get in a new transaction through the engine. */
    @Benchmark
    public byte[] engineGet(Engine e) {
        try (Transaction tx = e.db.createTransaction()) {
            return tx.get(randomKey());
        }
    }

    /** The same get straight from the backend. */
    @Benchmark
    public byte[] rawBackendGet(Raw r) {
        return r.raw.get(randomKey());
    }
}
