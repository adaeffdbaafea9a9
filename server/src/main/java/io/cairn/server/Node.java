package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.core.Journal;
import io.cairn.replication.RaftGroupConfig;
import io.cairn.replication.RaftLog;
import io.cairn.replication.meta.MetaGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A running Cairn node: the storage engine fed by a Raft log replicated with the other members
 * (the data group), a member of the meta group that holds the partition map, and the protocol
 * server that clients connect to.
 *
 * <p>Thread-safe. {@link #close()} stops serving, leaves the group and closes the data cleanly;
 * a node killed without it loses no acknowledged write (the Raft log is forced to disk).
 */
public final class Node implements AutoCloseable {
    /** Bytes of journal per segment file. */
    private static final long JOURNAL_SEGMENT_BYTES = 64L << 20;
    /** The process's exit status when it stops because a committed entry could not be applied (EX_SOFTWARE). */
    static final int APPLY_FAILURE_EXIT = 70;
    /** The meta group's Raft log size before a snapshot: its state is small, so is its log. */
    private static final long META_LOG_BYTES = 4L << 20;

    private final NodeConfig config;
    private final EmbeddedDatabase database;
    private final RaftLog log;
    private final ReplicaNodeService service;
    private final MetaAccess meta;
    private final ProtocolServer server;
    private final java.util.concurrent.CountDownLatch stopRequested;

    private Node(NodeConfig config, EmbeddedDatabase database, RaftLog log, ReplicaNodeService service, MetaAccess meta,
                 ProtocolServer server, java.util.concurrent.CountDownLatch stopRequested) {
        this.meta = meta;
        this.stopRequested = stopRequested;
        this.config = config;
        this.database = database;
        this.log = log;
        this.service = service;
        this.server = server;
    }

    /**
     * Starts a node: recovers its data, joins the Raft group, and listens for clients. Blocks until
     * it listens (not until a leader is elected).
     *
     * @throws CairnException 1601 when another process uses the data directory, 1510 when a port
     *     cannot be bound or the data cannot be read
     */
    public static Node start(NodeConfig config) {
        return start(config, null);
    }

    /**
     * Like {@link #start(NodeConfig)}, serving clients over TLS with {@code tls} unless it is
     * {@code null} (see {@link io.cairn.client.Tls#server}).
     */
    public static Node start(NodeConfig config, javax.net.ssl.SSLContext tls) {
        return start(config, tls, null);
    }

    /**
     * Like {@link #start(NodeConfig, javax.net.ssl.SSLContext)}, with mutual TLS between the
     * nodes with {@code peerTls} unless it is {@code null} (see {@link io.cairn.client.Tls#mutual}):
     * every member must present a certificate the others trust.
     */
    public static Node start(NodeConfig config, javax.net.ssl.SSLContext tls, javax.net.ssl.SSLContext peerTls) {
        return start(config, tls, peerTls, null);
    }

    /**
     * Like {@link #start(NodeConfig, javax.net.ssl.SSLContext, javax.net.ssl.SSLContext)}, reaching
     * the other nodes' client ports (to forward meta group requests to its leader) over TLS with
     * {@code nodeClientTls} unless it is {@code null} (see {@link io.cairn.client.Tls#client}): needed
     * when the nodes serve clients over TLS.
     */
    public static Node start(NodeConfig config, javax.net.ssl.SSLContext tls, javax.net.ssl.SSLContext peerTls,
                             javax.net.ssl.SSLContext nodeClientTls) {
        List<InetSocketAddress> peers = new ArrayList<>();
        config.members().forEach(m -> peers.add(m.peer()));
        RaftGroupConfig raft = new RaftGroupConfig(config.clusterName() + "-data", config.name(), config.self().peer(),
                peers, config.memberNames(), config.dataDirectory().resolve("raft"), config.fsync(),
                config.maxLogBytes(), hostPort(config.self().client())).withPeerTls(peerTls);
        List<String> clientAddresses = new ArrayList<>();
        config.members().forEach(m -> clientAddresses.add(hostPort(m.client())));
        ReplicaCopier copier = new ReplicaCopier(config.name(), hostPort(config.self().client()));
        RaftLog[] made = new RaftLog[1];
        DiskBudgetLog[] disk = new DiskBudgetLog[1];
        EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(config.dataDirectory().resolve("db"))
                .backend(config.backend()).sync(false).build(), (dir, newBackend) -> {
                    if (newBackend) {
                        // Records journaled for a backend that no longer exists (lost, or a copy that
                        // did not finish) must not be replayed into the new one.
                        Journal.discard(dir);
                    }
                    made[0] = new RaftLog(raft, new Journal(dir, JOURNAL_SEGMENT_BYTES), copier, clientAddresses);
                    made[0].onApplyFailure(Node::haltAfterApplyFailure);
                    if (!config.allowFaultInjection()) {
                        return made[0];
                    }
                    disk[0] = new DiskBudgetLog(made[0], config.name());
                    return disk[0];
                });
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        MetaGroup metaGroup;
        try {
            metaGroup = MetaGroup.start(metaGroupConfig(config, peerTls), Node::haltAfterApplyFailure);
        } catch (Exception e) {
            db.close();
            throw e instanceof CairnException ce ? ce : new CairnException(ErrorCode.IO_ERROR, "cannot start the meta group"
                    + " on " + hostPort(config.self().meta()) + ": " + e.getMessage(), e);
        }
        // Whatever is made from here on is closed again, newest first, if a later step fails: a node
        // that failed to start must not stay a voting member of the meta group or keep threads.
        java.util.ArrayDeque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        opened.push(db::close);
        opened.push(metaGroup::close);
        try {
            MetaAccess meta = new MetaAccess(config, metaGroup, made[0]::group, nodeClientTls);
            opened.pop(); // the access closes the group with its own threads
            opened.push(meta::close);
            FaultInjection faults = new FaultInjection(config, made[0]::group, meta.group()::raft, disk[0]);
            ReplicaNodeService service = new ReplicaNodeService(config, db, made[0], meta, faults, stop::countDown);
            opened.push(service::close);
            ProtocolServer server = new ProtocolServer(config.self().client(), service,
                    ServerOptions.defaults(config.name(), config.clusterName()).withTls(tls));
            faults.connectionDropper(server::dropConnections);
            return new Node(config, db, made[0], service, meta, server, stop);
        } catch (IOException | RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e instanceof CairnException ce ? ce : new CairnException(ErrorCode.IO_ERROR, e.getMessage(), e);
        }
    }

    /**
     * The meta group's member on this node: its own channel on the member's meta port, its own log
     * under {@code meta/} in the data directory, the same voting members as the data group starts with.
     */
    private static RaftGroupConfig metaGroupConfig(NodeConfig config, javax.net.ssl.SSLContext peerTls) {
        List<InetSocketAddress> hosts = new ArrayList<>();
        config.members().forEach(m -> hosts.add(m.meta()));
        return new RaftGroupConfig(MetaGroup.groupName(config.clusterName()), config.name(), config.self().meta(), hosts,
                config.memberNames(), config.dataDirectory().resolve("meta"), config.fsync(), META_LOG_BYTES,
                hostPort(config.self().client())).withPeerTls(peerTls);
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    /** The address clients connect to. */
    public InetSocketAddress clientAddress() {
        return server.localAddress();
    }

    /** Whether this node leads the data group. */
    public boolean isLeader() {
        return log.group().isLeader();
    }

    /** Whether this node leads the meta group. */
    public boolean isMetaLeader() {
        return meta.group().raft().isLeader();
    }

    /** This node's member of the data group. */
    io.cairn.replication.RaftGroup dataGroup() {
        return log.group();
    }

    /** This node's member of the meta group. */
    public MetaGroup metaGroup() {
        return meta.group();
    }

    /**
     * Hands out {@code count} consecutive timestamps from the meta group's oracle, through its
     * leader, and returns the first; each is above every timestamp handed out before. Blocks.
     */
    public long timestamps(int count) {
        return meta.timestamps(count);
    }

    /** This node's status, as the {@code STATUS} request returns it. */
    public Map<String, String> status() {
        return service.status();
    }

    /** How many long-lived snapshots this node holds open for clients. */
    public int openSnapshots() {
        return service.openSnapshots();
    }

    /** The configuration this node runs with. */
    public NodeConfig config() {
        return config;
    }

    /**
     * Stops the process at once when this replica cannot apply a committed entry: going on would
     * leave it without that entry, and a clean close would checkpoint past it. Nothing acknowledged
     * is lost: the entry is in the Raft log (and maybe the journal), and a restart applies it.
     */
    private static void haltAfterApplyFailure(RuntimeException e) {
        System.err.println("cairn node: cannot apply a committed entry (" + e.getMessage() + "); stopping at once so"
                + " that a restart applies it again from the log");
        System.err.flush();
        Runtime.getRuntime().halt(APPLY_FAILURE_EXIT);
    }

    /** Blocks until a client asks this node to shut down (the {@code shutdown} admin command). */
    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Asks {@link #awaitStopRequest} to return, as a client's shutdown request does. */
    public void requestStop() {
        stopRequested.countDown();
    }

    /** Stops serving clients, leaves the group, and closes the data. Blocks; idempotent. */
    @Override
    public void close() {
        server.close();
        service.close();
        meta.close();
        database.close();
    }
}
