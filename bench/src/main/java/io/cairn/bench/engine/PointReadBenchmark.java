package io.cairn.bench.engine;

import io.cairn.api.Transaction;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import io.cairn.storage.WriteBatch;
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
 * to the same read straight from a backend holding the same data.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@State(Scope.Benchmark)
public class PointReadBenchmark {
    private static final int KEYS = 100_000;

    /** The storage backend. */
    @Param({"leveldb"})
    public String backend;

    private Path dir;
    private EmbeddedDatabase db;
    private StorageEngine raw;

    private static byte[] key(int i) {
        return ByteBuffer.allocate(12).putInt(0x6b657900).putLong(i).array();
    }

    /** Loads the same keys into an engine and into a raw backend. */
    @Setup(Level.Trial)
    public void load() {
        dir = BenchDirs.create("cairn-read-bench");
        db = EmbeddedDatabase.open(DatabaseConfig.builder(dir.resolve("engine")).backend(backend).sync(false).build());
        raw = StorageEngines.provider(backend).open(dir.resolve("raw"), Map.of());
        byte[] value = new byte[100];
        for (int start = 0; start < KEYS; start += 1000) {
            int from = start;
            db.run(tx -> {
                for (int i = from; i < from + 1000; i++) {
                    tx.set(key(i), value);
                }
                return null;
            });
            WriteBatch batch = new WriteBatch();
            for (int i = from; i < from + 1000; i++) {
                batch.put(key(i), value);
            }
            raw.write(batch, false);
        }
        // Reopen so that the engine reads from the backend, as it does for keys older than the window.
        db.close();
        db = EmbeddedDatabase.open(DatabaseConfig.builder(dir.resolve("engine")).backend(backend).sync(false).build());
    }

    /** Closes both and deletes the files. */
    @TearDown(Level.Trial)
    public void close() {
        db.close();
        raw.close();
        BenchDirs.delete(dir);
    }

    /** A get in a new transaction through the engine. */
    @Benchmark
    public byte[] engineGet() {
        try (Transaction tx = db.createTransaction()) {
            return tx.get(key(ThreadLocalRandom.current().nextInt(KEYS)));
        }
    }

    /** The same get straight from the backend. */
    @Benchmark
    public byte[] rawBackendGet() {
        return raw.get(key(ThreadLocalRandom.current().nextInt(KEYS)));
    }
}
