package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;
import io.cairn.client.protocol.Messages.Consistency;
import io.cairn.core.DatabaseStatus;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.replication.RaftGroup;
import io.cairn.replication.RaftLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serves clients from this node's replica: reads at a version from the local engine, commits and
 * linearizable read versions through the Raft leader. Thread-safe.
 */
final class ReplicaNodeService implements NodeService {
    /** Commits waiting for Raft at once; more are refused as unavailable. */
    private static final int MAX_COMMITS_IN_FLIGHT = 1024;
    /**
     * Leadership confirmations (no-op Raft entries) for read versions in flight at once: with two,
     * a request arriving during a round starts the next one instead of waiting for this one to end.
     */
    private static final int LEADERSHIP_ROUNDS_IN_FLIGHT = 2;
    /** How long a read at a version this replica has not applied yet waits for it. */
    private static final long CATCH_UP_MILLIS = 5_000;
    /** How long an open snapshot may go unused before the node closes it. */
    static final long SNAPSHOT_IDLE_MILLIS = 60_000;
    /** How long one replica-hash request with a key limit runs before it stops and says where. */
    private static final long HASH_SLICE_MILLIS = 1_000;

    private final NodeConfig config;
    private final EmbeddedDatabase database;
    private final TransactionBackend engine;
    private final RaftLog log;
    private final LeadershipBatcher leadership;
    private final ReadVersionLeases leases;
    private final java.util.concurrent.atomic.AtomicInteger commitsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService maintenance;
    private final ScheduledExecutorService sweeper;
    private final SnapshotRegistry snapshots;
    private final ReplicaMaintenance replicaMaintenance;

    private final Runnable shutdownRequest;
    private final FaultInjection faults;
    private final MetaAccess meta;
    private final MetaAdmin metaAdmin;

    ReplicaNodeService(NodeConfig config, EmbeddedDatabase database, RaftLog log, MetaAccess meta, FaultInjection faults,
                       Runnable shutdownRequest) {
        this.config = config;
        this.meta = meta;
        // A split's middle is read from this replica at its latest version: it need not be exact.
        this.metaAdmin = new MetaAdmin(meta, log::group,
                (begin, end) -> RangeMiddle.of(database.transactionBackend(), database.lastCommittedVersion(), begin, end));
        this.faults = faults;
        this.shutdownRequest = shutdownRequest;
        this.database = database;
        this.engine = database.transactionBackend();
        this.log = log;
        this.leadership = new LeadershipBatcher(log::confirmLeadership, LEADERSHIP_ROUNDS_IN_FLIGHT);
        this.leases = new ReadVersionLeases(engine, database.config().mvccWindow());
        // Snapshot opens, compactions and checks block for long; they must not hold up commits.
        this.maintenance = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "cairn-maintenance");
            t.setDaemon(true);
            return t;
        });
        this.snapshots = new SnapshotRegistry(database.snapshots().orElseThrow(), SNAPSHOT_IDLE_MILLIS,
                System::nanoTime);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-snapshot-expiry");
            t.setDaemon(true);
            return t;
        });
        this.replicaMaintenance = new ReplicaMaintenance(config.name(), database.maintenance().orElseThrow(), engine,
                this::awaitApplied, HASH_SLICE_MILLIS);
        sweeper.scheduleWithFixedDelay(snapshots::expireIdle, 1, 1, TimeUnit.SECONDS);
    }

    /** How many long-lived snapshots this node holds open for clients. */
    int openSnapshots() {
        return snapshots.size();
    }

    /**
     * Opens a snapshot on the leader after a leadership confirmation that started after the
     * request arrived, so it includes every write acknowledged before.
     */
    @Override
    public CompletableFuture<SnapshotInfo> openSnapshot() {
        if (!group().isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        return leadership.confirmed().handle((r, e) -> {
            if (e != null) {
                throw group().isLeader() ? new CairnException(ErrorCode.UNAVAILABLE,
                        "leadership of " + config.name() + " could not be confirmed: " + e.getMessage()) : notLeader();
            }
            return r;
        }).thenApplyAsync(r -> {
            SnapshotRegistry.Opened o = snapshots.open();
            return new SnapshotInfo(o.id(), o.snapshot().version(), "cluster:" + config.clusterName());
        }, maintenance);
    }

    /**
     * Opens a copy of this replica for a member that must catch up: the journal reader first, so
     * that no record the copy needs is released, then a snapshot of the whole backend. Any member
     * may give one (no leadership confirmation): versions are the same on every replica.
     */
    @Override
    public CompletableFuture<ReplicaCopyInfo> openReplicaCopy() {
        return CompletableFuture.supplyAsync(() -> {
            io.cairn.core.Journal.Reader reader = log.openJournalReader();
            try {
                io.cairn.api.Database.LongSnapshot snap = database.openReplicaCopy();
                ReplicaCopy copy = new ReplicaCopy(snap, reader, log.journalEnd());
                SnapshotRegistry.Opened o = snapshots.register(copy);
                return new ReplicaCopyInfo(o.id(), copy.version(), copy.journalEnd());
            } catch (RuntimeException e) {
                reader.close();
                throw e;
            }
        }, maintenance);
    }

    @Override
    public CompletableFuture<RangeResult> replicaJournal(long id, int maxBytes) {
        return CompletableFuture.supplyAsync(() -> {
            if (!(snapshots.get(id) instanceof ReplicaCopy copy)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "snapshot " + Long.toUnsignedString(id)
                        + " is not a replica copy");
            }
            return copy.readJournal(Math.min(maxBytes, SnapshotRegistry.MAX_BATCH_BYTES));
        }, maintenance);
    }

    @Override
    public CompletableFuture<RangeResult> snapshotRange(long id, byte[] begin, byte[] end, int limit) {
        try {
            return CompletableFuture.completedFuture(snapshots.read(id, begin, end, limit));
        } catch (CairnException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> closeSnapshot(long id) {
        snapshots.close(id);
        return CompletableFuture.completedFuture(null);
    }

    private RaftGroup group() {
        return log.group();
    }

    private NotLeaderException notLeader() {
        String leader = group().leader();
        NodeConfig.Member m = leader == null ? null : config.member(leader);
        String hint = m != null ? m.client().getHostString() + ":" + m.client().getPort()
                // A member added at run time is not in this node's configuration; it advertises its address.
                : leader == null ? "" : group().clientAddresses().getOrDefault(leader, "");
        return new NotLeaderException(config.name() + " is not the leader"
                + (leader == null ? "; no leader is elected yet" : "; the leader is " + leader), hint);
    }

    @Override
    public CompletableFuture<Long> readVersion(Consistency consistency) {
        if (consistency == Consistency.SERIALIZABLE) {
            return CompletableFuture.completedFuture(leases.acquire());
        }
        if (!group().isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        return leadership.confirmed().handle((r, e) -> {
            if (e != null) {
                throw group().isLeader() ? new CairnException(ErrorCode.UNAVAILABLE,
                        "leadership of " + config.name() + " could not be confirmed: " + e.getMessage()) : notLeader();
            }
            return leases.acquire();
        });
    }

    private void awaitApplied(long version) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_MILLIS);
        while (database.lastCommittedVersion() < version) {
            if (System.nanoTime() > deadline) {
                throw new CairnException(ErrorCode.UNAVAILABLE, config.name() + " has not applied version " + version
                        + " within " + CATCH_UP_MILLIS + " ms (it is at " + database.lastCommittedVersion() + ")");
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.UNAVAILABLE, "interrupted");
            }
        }
    }

    @Override
    public CompletableFuture<byte[]> get(long version, byte[] key) {
        try {
            awaitApplied(version);
            return CompletableFuture.completedFuture(engine.get(key, version));
        } catch (CairnException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<RangeResult> getRange(long version, byte[] begin, byte[] end, int limit, boolean reverse) {
        try {
            awaitApplied(version);
            RangeBatch b = engine.getRange(begin, end, limit == 0 ? 1000 : limit, reverse, version);
            return CompletableFuture.completedFuture(new RangeResult(b.rows(), b.more()));
        } catch (CairnException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Long> commit(byte[] encodedRequest) {
        if (!group().isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        CommitRequest request;
        try {
            request = CommitRequest.decode(encodedRequest);
        } catch (CairnException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (commitsInFlight.incrementAndGet() > MAX_COMMITS_IN_FLIGHT) {
            commitsInFlight.decrementAndGet();
            return CompletableFuture.failedFuture(new CairnException(ErrorCode.UNAVAILABLE, config.name() + " has "
                    + MAX_COMMITS_IN_FLIGHT + " commits in flight; try again"));
        }
        CompletableFuture<Long> outcome;
        try {
            outcome = engine.commitAsync(request);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        // The outcome arrives on Raft's own thread; this and the answer's encoding are quick, and the
        // connection's writer thread, not Raft's, writes the answer to the socket.
        return outcome.handle((version, e) -> {
            commitsInFlight.decrementAndGet();
            if (e == null) {
                return version;
            }
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof CairnException ce && ce.error() == ErrorCode.WRONG_LEADER) {
                throw notLeader();
            }
            throw cause instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(cause);
        });
    }

    @Override
    public Map<String, String> status() {
        RaftGroup g = group();
        DatabaseStatus s = database.status();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node", config.name());
        m.put("cluster", config.clusterName());
        m.put("role", g.role());
        m.put("leader", String.valueOf(g.leader()));
        m.put("term", Long.toString(g.term()));
        m.put("commit_index", Long.toString(g.commitIndex()));
        m.put("applied_index", Long.toString(g.lastApplied()));
        m.put("applied_version", Long.toString(s.lastCommittedVersion()));
        m.put("durable_version", Long.toString(s.durableVersion()));
        m.put("members", String.join(",", g.members()));
        m.put("view", String.join(",", g.view()));
        m.put("backend", s.backend());
        m.put("data_bytes", Long.toString(s.approximateSizeBytes()));
        m.put("log_bytes", Long.toString(s.logSizeBytes()));
        m.put("directory", s.directory().toString());
        m.put("replica_copies", Integer.toString(log.replicaCopies()));
        RaftGroup mg = meta.group().raft();
        m.put("meta_group", mg.group());
        m.put("meta_role", mg.role());
        m.put("meta_leader", String.valueOf(mg.leader()));
        m.put("meta_term", Long.toString(mg.term()));
        m.put("meta_members", String.join(",", mg.members()));
        m.put("meta_view", String.join(",", mg.view()));
        // As this member has applied it: it may lag the meta leader's by a moment.
        m.put("map_epoch", Long.toString(meta.group().localState().epoch()));
        if (config.allowFaultInjection()) {
            faults.status().forEach((k, v) -> {
                if (!k.equals("node")) {
                    m.put("fault_" + k, v);
                }
            });
        }
        return m;
    }

    @Override
    public CompletableFuture<Map<String, String>> admin(String command, List<String> args) {
        if (command.equals("shutdown")) {
            // Answer first: the stop closes this very connection.
            CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(shutdownRequest);
            return CompletableFuture.completedFuture(Map.of("node", config.name(), "shutdown", "requested"));
        }
        if (FaultInjection.handles(command)) {
            try {
                return CompletableFuture.completedFuture(faults.run(command, args));
            } catch (CairnException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        if (ReplicaMaintenance.handles(command)) {
            return CompletableFuture.supplyAsync(() -> replicaMaintenance.run(command, args), maintenance);
        }
        if (MetaAccess.INTERNAL.contains(command)) {
            return CompletableFuture.supplyAsync(() -> meta.serveInternal(command, args), maintenance);
        }
        if (MetaAdmin.handles(command)) {
            // Any node answers: it reads the meta group through the meta leader.
            return CompletableFuture.supplyAsync(() -> metaAdmin.run(command, args), maintenance);
        }
        if (!group().isLeader()) {
            return CompletableFuture.failedFuture(notLeader());
        }
        if ((command.equals("members-add") || command.equals("members-remove")) && args.size() == 1) {
            return CompletableFuture.supplyAsync(() -> metaAdmin.changeMembers(command.equals("members-add"), args.get(0)),
                    maintenance);
        }
        return CompletableFuture.failedFuture(new CairnException(ErrorCode.INVALID_ARGUMENT,
                "unknown admin command '" + command + "' with " + args.size() + " argument(s)"));
    }

    void close() {
        leases.close();
        sweeper.shutdownNow();
        maintenance.shutdownNow();
        snapshots.close();
    }
}
