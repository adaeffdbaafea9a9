package io.cairn.bench.engine;

import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.api.Transaction;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable commits through the embedded engine: each operation is one transaction that sets one
 * small key and waits until it is forced to disk. Run with 1, 16 and 64 committer threads;
 * throughput mode gives commits per second, sample mode the latency percentiles.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class CommitBenchmark {
    /** One database shared by every committer thread. */
    @State(Scope.Benchmark)
    public static class Db {
        /** The storage backend. */
        @Param({"leveldb"})
        public String backend;

        EmbeddedDatabase db;
        Path dir;
        final AtomicLong threads = new AtomicLong();

        /** Opens a fresh durable database. */
        @Setup(Level.Trial)
        public void open() {
            dir = BenchDirs.create("cairn-commit-bench");
            db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend(backend).sync(true).build());
        }

        /** Closes and deletes the database. */
        @TearDown(Level.Trial)
        public void close() {
            db.close();
            BenchDirs.delete(dir);
        }
    }

    /** The keys one committer thread writes. */
    @State(Scope.Thread)
    public static class Committer {
        long thread;
        long seq;
        final byte[] value = new byte[32];

        /** Picks this thread's key prefix. */
        @Setup(Level.Trial)
        public void init(Db db) {
            thread = db.threads.incrementAndGet();
        }

        byte[] nextKey() {
            return ByteBuffer.allocate(16).putLong(thread).putLong(seq++ % 100_000).array();
        }
    }

    private static long commitOne(Db db, Committer c) {
        try (Transaction tx = db.db.createTransaction()) {
            tx.set(c.nextKey(), c.value);
            tx.commit();
            return tx.getCommittedVersion();
        }
    }

    /** One committer. */
    @Benchmark
    @Threads(1)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long commit1(Db db, Committer c) {
        return commitOne(db, c);
    }

    /** Sixteen concurrent committers. */
    @Benchmark
    @Threads(16)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long commit16(Db db, Committer c) {
        return commitOne(db, c);
    }

    /** Sixty-four concurrent committers. */
    @Benchmark
    @Threads(64)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long commit64(Db db, Committer c) {
        return commitOne(db, c);
    }
}
