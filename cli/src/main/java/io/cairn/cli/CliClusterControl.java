package io.cairn.cli;

import io.cairn.client.ClusterConnector;
import io.cairn.client.RemoteDatabase;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.cluster.ClusterControl;
import io.cairn.server.Node;
import io.cairn.server.NodeConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The command line's {@link ClusterControl}: nodes run in this process, clusters reached with the client. */
final class CliClusterControl implements ClusterControl {
    /** Held so that the level set on it stays (the logging framework keeps loggers weakly). */
    private static final java.util.logging.Logger JGROUPS = java.util.logging.Logger.getLogger("org.jgroups");

    private final CliContext ctx;

    CliClusterControl(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void runNode(NodeSpec spec, Consumer<String> started) {
        List<NodeConfig.Member> members = new ArrayList<>();
        for (String m : spec.initialMembers()) {
            members.add(NodeConfig.Member.parse(m));
        }
        NodeConfig config = new NodeConfig(spec.name(), spec.dataDirectory().toAbsolutePath(), spec.clusterName(), members,
                spec.backend(), true, spec.allowFaultInjection(), spec.raftLogBytes());
        if (System.getProperty("java.util.logging.config.file") == null) {
            // JGroups reports every view change at INFO; a node's log keeps warnings and its own lines.
            JGROUPS.setLevel(java.util.logging.Level.WARNING);
        }
        if (config.allowFaultInjection()) {
            ctx.err().println("cairn: node " + spec.name() + " accepts fault-injection requests (--allow-fault-injection):"
                    + " for tests only");
        }
        // Bad TLS files are reported before anything is opened.
        javax.net.ssl.SSLContext tls = spec.tlsCertificate() == null ? null
                : io.cairn.client.Tls.server(spec.tlsCertificate(), spec.tlsKey());
        javax.net.ssl.SSLContext peerTls = spec.peerTls() == null ? null : io.cairn.client.Tls.mutual(
                spec.peerTls().certificate(), spec.peerTls().key(), spec.peerTls().ca());
        // Nodes forward meta group requests to each other's client ports: over TLS when they serve
        // clients over TLS, trusting the certificates of this node's own chain (one cluster CA).
        javax.net.ssl.SSLContext nodeClientTls = spec.tlsCertificate() == null ? null
                : io.cairn.client.Tls.client(spec.tlsCertificate());
        Node node = Node.start(config, tls, peerTls, nodeClientTls);
        Thread hook = new Thread(node::close, "cairn-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        InetSocketAddress a = node.clientAddress();
        started.accept(a.getHostString() + ":" + a.getPort());
        ctx.cancellation().onCancel(node::requestStop);
        try {
            node.awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            node.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // SIGTERM: the hook is closing the node already.
            }
        }
    }

    private RemoteDatabase client(List<String> addresses) {
        RemoteDatabase.Options o = RemoteDatabase.Options.of(ClusterConnector.parseList(String.join(",", addresses)))
                .withRequestTimeoutMillis(requestTimeoutMillis())
                .withTls(ctx.settingsInEffect().clientTls(ctx.environment()));
        return RemoteDatabase.connect(o);
    }

    private int requestTimeoutMillis() {
        long t = ctx.timeout().toMillis();
        return t <= 0 || t > Integer.MAX_VALUE ? 30_000 : (int) t;
    }

    @Override
    public Map<String, String> nodeStatus(String address) {
        try (RemoteDatabase db = client(List.of(address))) {
            return db.nodeStatus(ClusterConnector.parseList(address).get(0));
        }
    }

    @Override
    public void stopNode(String address) {
        try (RemoteDatabase db = client(List.of(address))) {
            db.adminAt(ClusterConnector.parseList(address).get(0), "shutdown", List.of());
        }
    }

    @Override
    public List<String> clusterAddresses() {
        ClusterFile.Cluster c = ctx.cluster();
        if (c == null) {
            throw CommandFailure.usage("no cluster is configured: pass --cluster HOST:PORT,..., set CAIRN_CLUSTER, "
                    + "or write a cairn.cluster file with cairn cluster init");
        }
        return c.addresses();
    }

    @Override
    public Map<String, String> addMember(String name) {
        try (RemoteDatabase db = client(clusterAddresses())) {
            return db.admin("members-add", List.of(name));
        }
    }

    @Override
    public Map<String, String> removeMember(String name) {
        try (RemoteDatabase db = client(clusterAddresses())) {
            return db.admin("members-remove", List.of(name));
        }
    }

    @Override
    public PartitionListing partitions() {
        return listing(partitionsAdmin("partitions", List.of()));
    }

    @Override
    public PartitionListing splitPartition(long id, byte[] at) {
        List<String> args = at == null ? List.of(Long.toString(id))
                : List.of(Long.toString(id), java.util.Base64.getEncoder().encodeToString(at));
        return listing(partitionsAdmin("partition-split", args));
    }

    @Override
    public PartitionListing mergePartitions(long first, long second) {
        return listing(partitionsAdmin("partition-merge", List.of(Long.toString(first), Long.toString(second))));
    }

    private Map<String, String> partitionsAdmin(String command, List<String> args) {
        if (ctx.cluster() == null) {
            if (!command.equals("partitions")) {
                throw new io.cairn.api.CairnException(io.cairn.api.ErrorCode.INVALID_OPERATION, "no cluster is"
                        + " configured: the embedded database is one partition, which cannot be split or merged");
            }
            return null;
        }
        try (RemoteDatabase db = client(clusterAddresses())) {
            return db.admin(command, args);
        }
    }

    private static PartitionListing listing(Map<String, String> r) {
        if (r == null) {
            return new PartitionListing(true, 1, null, null, List.of(new PartitionInfo(0, new byte[0], null,
                    List.of("local"), "local")));
        }
        io.cairn.replication.partition.PartitionMap map;
        try {
            map = io.cairn.replication.partition.PartitionMap.decode(java.util.Base64.getDecoder().decode(r.get("map")));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new io.cairn.api.CairnException(io.cairn.api.ErrorCode.INTERNAL_ERROR, "the node sent no partition map");
        }
        String leader = "null".equals(r.get("leader")) ? null : r.get("leader");
        List<PartitionInfo> out = new ArrayList<>();
        for (io.cairn.replication.partition.Partition p : map.partitions()) {
            out.add(new PartitionInfo(p.id(), p.begin(), p.end(), p.replicas(), leader));
        }
        return new PartitionListing(false, map.epoch(), r.get("meta_group"),
                "null".equals(r.get("meta_leader")) ? null : r.get("meta_leader"), out);
    }

    @Override
    public Path writeClusterFile(Path file, String clusterName, List<String> addresses, boolean overwrite) {
        return ClusterFile.write(ctx.environment().workingDirectory().resolve(file), clusterName, addresses, overwrite);
    }
}
