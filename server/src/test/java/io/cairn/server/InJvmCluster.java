package io.cairn.server;

import io.cairn.client.FreePorts;
import io.cairn.client.RemoteDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes of one cluster in this JVM on loopback, each with its own directory under a base; a test
 * fixture. Members are {@code n0, n1, ...}; a stopped node's slot in {@link #nodes} is null.
 */
final class InJvmCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    final List<Node> nodes = new ArrayList<>();
    final List<NodeConfig.Member> members = new ArrayList<>();
    private final Path dir;
    private final String backend;
    private final long maxLogBytes;

    /** Starts {@code size} nodes on free loopback ports. Blocks until each listens. */
    InJvmCluster(Path dir, int size, String backend) throws IOException {
        this(dir, size, backend, io.cairn.replication.RaftGroupConfig.DEFAULT_MAX_LOG_BYTES);
    }

    /** Starts {@code size} nodes whose Raft logs are truncated past {@code maxLogBytes}. Blocks until each listens. */
    InJvmCluster(Path dir, int size, String backend, long maxLogBytes) throws IOException {
        this.dir = dir;
        this.backend = backend;
        this.maxLogBytes = maxLogBytes;
        for (int i = 0; i < size; i++) {
            addSlot();
        }
        for (int i = 0; i < size; i++) {
            nodes.set(i, start(i));
        }
    }

    /** Adds a member slot on free ports, not started and not yet a voting member; its index. */
    int addSlot() throws IOException {
        int i = members.size();
        members.add(new NodeConfig.Member("n" + i, new InetSocketAddress(HOST, FreePorts.next()),
                new InetSocketAddress(HOST, FreePorts.block(2))));
        nodes.add(null);
        return i;
    }

    /** Contexts for mutual TLS between nodes, by node index; nodes without one use plain TCP. */
    final java.util.Map<Integer, javax.net.ssl.SSLContext> peerTls = new java.util.concurrent.ConcurrentHashMap<>();

    /** Starts node {@code i} on its directory (again, after it was stopped), knowing every member slot. */
    Node start(int i) {
        return Node.start(new NodeConfig("n" + i, dir.resolve("n" + i), "test", members, backend, true, false, maxLogBytes),
                null, peerTls.get(i));
    }

    /** Stops node {@code i}, leaving its data. */
    void stop(int i) {
        nodes.get(i).close();
        nodes.set(i, null);
    }

    /** The index of the leader; waits up to 10 s for one. */
    int awaitLeader() throws InterruptedException {
        for (int t = 0; t < 500; t++) {
            for (int i = 0; i < nodes.size(); i++) {
                if (nodes.get(i) != null && nodes.get(i).isLeader()) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader elected");
    }

    /** A client over the given nodes, or over every node when none is given. */
    RemoteDatabase client(int... through) {
        List<InetSocketAddress> addrs = new ArrayList<>();
        if (through.length == 0) {
            members.forEach(m -> addrs.add(m.client()));
        }
        for (int i : through) {
            addrs.add(members.get(i).client());
        }
        return RemoteDatabase.connect(RemoteDatabase.Options.of(addrs));
    }

    /** Stops every running node. */
    @Override
    public void close() {
        for (Node n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }
}
