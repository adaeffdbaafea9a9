package io.cairn.replication.meta;

import io.cairn.replication.RaftGroupConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Three members of one meta group in this JVM on loopback, each with its own log directory; a test fixture. */
final class MetaGroups implements AutoCloseable {
    static final List<String> NAMES = List.of("a", "b", "c");

    final List<MetaGroup> members = new ArrayList<>();
    /** What each member's apply-failure handler was told, as "member: message". */
    final List<String> applyFailures = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<InetSocketAddress> hosts = new ArrayList<>();
    private final Path dir;

    MetaGroups(Path dir) throws Exception {
        this.dir = dir;
        for (int i = 0; i < NAMES.size(); i++) {
            hosts.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), io.cairn.client.FreePorts.next()));
            members.add(null);
        }
        for (int i = 0; i < NAMES.size(); i++) {
            start(i);
        }
    }

    /** Starts member {@code i} (again) from its directory. */
    MetaGroup start(int i) throws Exception {
        RaftGroupConfig cfg = new RaftGroupConfig(MetaGroup.groupName("test"), NAMES.get(i), hosts.get(i), hosts, NAMES,
                dir.resolve(NAMES.get(i)), true, RaftGroupConfig.DEFAULT_MAX_LOG_BYTES, "127.0.0.1:" + (4500 + i));
        MetaGroup g = MetaGroup.start(cfg, e -> applyFailures.add(NAMES.get(i) + ": " + e.getMessage()));
        members.set(i, g);
        return g;
    }

    /** Stops member {@code i}, leaving its data. */
    void stop(int i) {
        members.get(i).close();
        members.set(i, null);
    }

    /** The leader, waiting up to 15 s for one. */
    MetaGroup awaitLeader() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < end) {
            for (MetaGroup g : members) {
                if (g != null && g.raft().isLeader()) {
                    return g;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no meta leader within 15 s");
    }

    /** The channel address of member {@code i}. */
    InetSocketAddress host(int i) {
        return hosts.get(i);
    }

    /** The channel addresses of every member but {@code i}. */
    List<InetSocketAddress> hostsBut(int i) {
        List<InetSocketAddress> out = new ArrayList<>(hosts);
        out.remove(i);
        return out;
    }

    int indexOf(MetaGroup g) {
        return members.indexOf(g);
    }

    @Override
    public void close() {
        for (MetaGroup g : members) {
            if (g != null) {
                g.close();
            }
        }
    }
}
