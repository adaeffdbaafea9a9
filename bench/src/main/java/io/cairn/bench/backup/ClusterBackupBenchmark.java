package io.cairn.bench.backup;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.backup.BackupCreator;
import io.cairn.backup.BackupRestorer;
import io.cairn.backup.Progress;
import io.cairn.client.RemoteDatabase;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.server.Node;
import io.cairn.server.NodeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Backup and restore against a three-node cluster on loopback (all nodes and the client in one
 * JVM, leveldb backends, Raft log fsync on), next to a raw scan through the same long-lived
 * cluster snapshot. Each operation handles the whole data set of {@link #keys} 100-byte values once.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class ClusterBackupBenchmark {
    /** Bytes per value. */
    public static final int VALUE_BYTES = 100;
    /** Bytes per key. */
    public static final int KEY_BYTES = 12;

    /** Keys in the data set. */
    @Param({"1000000"})
    public int keys;

    private Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private RemoteDatabase cluster;
    private Path backup;
    private int round;

    private static byte[] key(int i) {
        return ByteBuffer.allocate(KEY_BYTES).putInt(0x6b657900).putLong(i).array();
    }

    /** Starts the cluster and loads the data set into it by restoring a backup of an embedded copy. */
    @Setup(Level.Trial)
    public void load() throws Exception {
        dir = Files.createTempDirectory(Path.of(System.getProperty("cairn.bench.dir",
                System.getProperty("java.io.tmpdir"))), "cairn-cluster-backup-bench");
        try (EmbeddedDatabase source = EmbeddedDatabase.open(DatabaseConfig.builder(dir.resolve("source"))
                .backend("leveldb").sync(false).build())) {
            Random rnd = new Random(1);
            for (int start = 0; start < keys; start += 10_000) {
                int from = start;
                source.run(tx -> {
                    for (int i = from; i < Math.min(keys, from + 10_000); i++) {
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
        delete(dir.resolve("source"));
        cluster = startCluster();
        BackupRestorer.restore(cluster, backup, BackupRestorer.Options.defaults(), Progress.NONE);
    }

    private RemoteDatabase startCluster() throws Exception {
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        List<ServerSocket> held = new ArrayList<>();
        List<NodeConfig.Member> members = new ArrayList<>();
        try {
            for (int i = 0; i < 9; i++) {
                held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            for (int i = 0; i < 3; i++) {
                members.add(new NodeConfig.Member("n" + i, new InetSocketAddress(host, held.get(3 * i).getLocalPort()),
                        new InetSocketAddress(host, held.get(3 * i + 1).getLocalPort()),
                        new InetSocketAddress(host, held.get(3 * i + 2).getLocalPort())));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(Node.start(new NodeConfig("n" + i, dir.resolve("n" + i), "bench", members, "leveldb", true)));
        }
        for (int t = 0; t < 1000 && nodes.stream().noneMatch(Node::isLeader); t++) {
            Thread.sleep(20);
        }
        List<InetSocketAddress> addrs = new ArrayList<>();
        members.forEach(m -> addrs.add(m.client()));
        return RemoteDatabase.connect(RemoteDatabase.Options.of(addrs));
    }

    /** Deletes the backups of the iteration. */
    @TearDown(Level.Iteration)
    public void dropBackups() {
        delete(dir.resolve("backups"));
        round++;
    }

    /** Stops the cluster and deletes everything. */
    @TearDown(Level.Trial)
    public void unload() {
        cluster.close();
        nodes.forEach(Node::close);
        delete(dir);
    }

    /** Reads every pair of the data set through a long-lived cluster snapshot: the baseline. */
    @Benchmark
    public long rawScan() {
        long sum = 0;
        try (Database.LongSnapshot snap = cluster.snapshots().orElseThrow().openSnapshot();
                KeyValueIterator it = snap.iterate(new Range(key(0), key(keys)))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                sum += kv.key().length + kv.value().length;
            }
        }
        return expect(sum, (long) keys * (KEY_BYTES + VALUE_BYTES), "bytes scanned");
    }

    /** Backs up the data set from the cluster into a new backup. */
    @Benchmark
    public long backup() {
        return expect(BackupCreator.create(cluster, dir.resolve("backups"), BackupCreator.Options.defaults()
                .withRanges(List.of(new Range(key(0), key(keys)))), Progress.NONE).manifest().keyCount(), keys, "keys backed up");
    }

    /** Restores the whole backup into the cluster, under a new prefix each time. */
    @Benchmark
    public long restore() {
        byte[] prefix = ("r" + round + "/").getBytes(StandardCharsets.US_ASCII);
        return expect(BackupRestorer.restore(cluster, backup, BackupRestorer.Options.defaults()
                .withPrefixes(prefix, new byte[0]), Progress.NONE).keys(), keys, "keys restored");
    }

    /** Fails the run when an operation did not handle the whole data set. */
    private static long expect(long got, long wanted, String what) {
        if (got != wanted) {
            throw new IllegalStateException(what + ": " + got + ", expected " + wanted);
        }
        return got;
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
