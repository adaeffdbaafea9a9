package io.cairn.replication;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.PhysicalAddress;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.protocols.raft.CairnRaft;
import org.jgroups.protocols.raft.NO_DUPES;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.Role;
import org.jgroups.raft.RaftHandle;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;
import org.jgroups.util.ExtendedUUID;
import org.jgroups.util.Util;

/**
 * One member of a Raft group: its own JGroups channel with a RAFT protocol that replicates
 * entries to the group and applies them, in log order, to a {@link ReplicatedStateMachine}.
 *
 * <p>Thread-safe. {@link #propose} and {@link #query} only work on the leader; elsewhere they fail
 * with {@link ErrorCode#WRONG_LEADER}. Proposals are pipelined: RAFT batches concurrent ones into
 * one append, one round of AppendEntries and one fsync.
 */
public final class RaftGroup implements AutoCloseable {
    /** The key under which a member's channel address carries its client address. */
    private static final String CLIENT_ADDRESS_KEY = "cairn-client";
    static final byte WRITE = 0;
    private static final byte QUERY = 1;
    static final byte NOOP = 2;
    /** How long a proposal may wait for its outcome before it is reported unknown. */
    private static final long PROPOSAL_TIMEOUT_SECONDS = 30;

    private final RaftGroupConfig config;
    private final JChannel channel;
    private final RaftHandle raft;
    private final FaultInjectingTcp transport;

    private RaftGroup(RaftGroupConfig config, JChannel channel, RaftHandle raft, FaultInjectingTcp transport) {
        this.config = config;
        this.channel = channel;
        this.raft = raft;
        this.transport = transport;
    }

    /**
     * Starts this member: opens its log, replays it into {@code stateMachine}, and joins the group.
     * Blocks until the channel is connected (not until a leader is elected). On failure the channel
     * is closed; the log may have been replayed already, so a retry replays it again.
     */
    public static RaftGroup start(RaftGroupConfig config, ReplicatedStateMachine stateMachine) throws Exception {
        Files.createDirectories(config.logDir());
        List<PhysicalAddress> hosts = new ArrayList<>();
        for (InetSocketAddress a : config.initialHosts()) {
            hosts.add(new IpAddress(a.getAddress(), a.getPort()));
        }
        RAFT raftProtocol = new ResendingRaft().members(config.members()).raftId(config.member())
                .logDir(config.logDir().toString()).logPrefix(config.group() + "-" + config.member())
                .logUseFsync(config.fsync());
        raftProtocol.maxLogSize(config.maxLogBytes());
        FaultInjectingTcp transport = new FaultInjectingTcp();
        if (config.peerTls() != null) {
            // Mutual TLS: a peer without a certificate the cluster trusts cannot connect at all.
            transport.tls(new org.jgroups.util.TLS().enabled(true).setSSLContext(config.peerTls())
                    .setClientAuth(org.jgroups.util.TLSClientAuth.NEED));
        }
        Protocol[] stack = {
            transport.setBindAddress(config.bind().getAddress()).setBindPort(config.bind().getPort()).setPortRange(0),
            new TCPPING().setInitialHosts2(hosts).setPortRange(0),
            new MERGE3().setMinInterval(1000).setMaxInterval(3000),
            new FD_SOCK2().setBindAddress(config.bind().getAddress()),
            new FD_ALL3().setTimeout(3000).setInterval(1000),
            new VERIFY_SUSPECT2().setTimeout(500),
            new NAKACK2().useMcastXmit(false),
            new UNICAST3(),
            new STABLE(),
            new NO_DUPES(),
            new GMS().setJoinTimeout(2000).printLocalAddress(false),
            new FRAG4(),
            new WatchfulElection(),
            raftProtocol,
        };
        JChannel ch = new JChannel(stack).name(config.member());
        if (config.clientAddress() != null) {
            // Merged with RAFT's own address generator: every member sees it in the view.
            ch.addAddressGenerator(() -> ExtendedUUID.randomUUID(config.member()).put(CLIENT_ADDRESS_KEY,
                    Util.stringToBytes(config.clientAddress())));
        }
        Adapter adapter = new Adapter(stateMachine, raftProtocol);
        RaftHandle handle = new RaftHandle(ch, adapter);
        adapter.loadingThread = Thread.currentThread();
        try {
            ch.connect(config.group());
        } catch (Exception e) {
            ch.close();
            throw e;
        } finally {
            adapter.loadingThread = null;
        }
        return new RaftGroup(config, ch, handle, transport);
    }

    /**
     * Replicates {@code entry}; the future completes with what {@link ReplicatedStateMachine#apply}
     * returned on this member once a majority holds the entry and it has been applied here.
     * Fails with 1201 when this member is not the leader (nothing was appended), or 1021 when the
     * entry was queued but its outcome is not known (leadership lost, or no majority within 30 s):
     * it may still be applied.
     */
    public CompletableFuture<byte[]> propose(byte[] entry) {
        return submit(WRITE, entry, false);
    }

    /**
     * Completes once an entry of this member's current term is committed: a majority confirmed its
     * leadership, and every entry committed before the call, by this or an earlier leader, is
     * applied here. The entry is a no-op: it reaches no state machine and takes no version. Fails
     * with 1201 when this member is not the leader, 1200 when leadership could not be confirmed.
     */
    public CompletableFuture<Void> confirmLeadership() {
        return submit(NOOP, new byte[0], false).handle((r, e) -> {
            if (e == null) {
                return null;
            }
            Throwable cause = cause(e);
            if (cause instanceof CairnException ce && ce.error() == ErrorCode.WRONG_LEADER) {
                throw ce;
            }
            throw isLeader() ? new CairnException(ErrorCode.UNAVAILABLE, config.group()
                    + ": leadership not confirmed: " + cause.getMessage(), cause) : notLeader(cause);
        });
    }

    /**
     * Runs {@code query} through {@link ReplicatedStateMachine#query} on the leader once a majority
     * confirms its leadership at its commit index, not written to the log. Unlike
     * {@link #confirmLeadership}, it does not wait for an entry of the current term, so a new
     * leader may answer before it knows what its predecessor committed.
     */
    public CompletableFuture<byte[]> query(byte[] query) {
        return submit(QUERY, query, true);
    }

    private CompletableFuture<byte[]> submit(byte tag, byte[] body, boolean readOnly) {
        byte[] framed = new byte[body.length + 1];
        framed[0] = tag;
        System.arraycopy(body, 0, framed, 1, body.length);
        CompletableFuture<byte[]> f;
        try {
            f = readOnly ? raft.getAsync(framed, 0, framed.length) : raft.setAsync(framed, 0, framed.length);
        } catch (Exception e) {
            // Refused before it was queued: nothing was appended, so the caller may go elsewhere.
            return CompletableFuture.failedFuture(notLeader(e));
        }
        return f.orTimeout(PROPOSAL_TIMEOUT_SECONDS, TimeUnit.SECONDS).handle((r, e) -> {
            if (e == null) {
                return r;
            }
            if (readOnly) {
                throw isLeader() ? new CairnException(ErrorCode.UNAVAILABLE, config.group() + ": read not confirmed: "
                        + cause(e).getMessage(), cause(e)) : notLeader(cause(e));
            }
            // Queued, maybe appended: a new leader may still commit it.
            throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, config.group() + ": the entry's outcome is unknown ("
                    + cause(e) + "); it may or may not be applied", cause(e));
        });
    }

    private static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    private CairnException notLeader(Throwable cause) {
        String leader = leader();
        return new CairnException(ErrorCode.WRONG_LEADER, config.group() + ": " + config.member() + " is not the leader"
                + (leader == null ? " and no leader is known" : "; the leader is " + leader), cause);
    }

    /** Whether this member currently leads the group. */
    public boolean isLeader() {
        return raft.isLeader();
    }

    /** The Raft id of the current leader, or {@code null} when none is known. */
    public String leader() {
        Address a = raft.leader();
        return a == null ? null : a.toString();
    }

    /** This member's Raft id. */
    public String member() {
        return config.member();
    }

    /** The group's name. */
    public String group() {
        return config.group();
    }

    /** The current Raft term. */
    public long term() {
        return raft.currentTerm();
    }

    /** The index of the last entry known committed. */
    public long commitIndex() {
        return raft.commitIndex();
    }

    /** The index of the last entry applied here. */
    public long lastApplied() {
        return raft.lastApplied();
    }

    /** The size of the Raft log on disk, in bytes. */
    public long logSize() {
        return raft.logSize();
    }

    /** This member's RAFT protocol, for tests that put it in states faults lead to. */
    RAFT raftProtocol() {
        return raft.raft();
    }

    /** The voting members, by Raft id. */
    public List<String> members() {
        return raft.raft().members();
    }

    /** The members in the current channel view, by name. */
    public List<String> view() {
        List<String> names = new ArrayList<>();
        if (channel.getView() != null) {
            channel.getView().getMembers().forEach(a -> names.add(a.toString()));
        }
        return names;
    }

    /**
     * The client addresses ({@code host:port}) that the members in the current view advertise,
     * by member name; members added at run time included.
     */
    public java.util.Map<String, String> clientAddresses() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (channel.getView() != null) {
            for (Address a : channel.getView().getMembers()) {
                if (a instanceof ExtendedUUID u && u.keyExists(CLIENT_ADDRESS_KEY)) {
                    out.put(a.toString(), Util.bytesToString(u.get(CLIENT_ADDRESS_KEY)));
                }
            }
        }
        return out;
    }

    /** This member's role: Leader, Follower or Learner. */
    public String role() {
        return raft.raft().role();
    }

    /** Calls {@code listener} with the new role each time this member's role changes. */
    public void onRoleChange(Consumer<Role> listener) {
        raft.addRoleListener(listener::accept);
    }

    /**
     * Adds a voting member by Raft id; only on the leader. Refused with 1200 (nothing changed) unless,
     * within {@link #CONNECTED_WAIT_MILLIS} of the call, a majority of the grown group is connected:
     * this leader and members in its view that answered it after the call. The new member starts
     * empty, so with one member cut off or down the group could commit nothing, not even the
     * removal, until that member returns (etcd's strict reconfiguration check refuses the same).
     * Answers given after the call count, not the view alone: a member cut off a moment ago is
     * still in the view until failure detection notices, but it answers nothing.
     */
    public CompletableFuture<byte[]> addMember(String member) throws Exception {
        if (members().contains(member)) {
            return raft.addServer(member);
        }
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        addOnceConnected(member, System.nanoTime(), result);
        return result;
    }

    /** How long {@link #addMember} waits for a majority of the grown group to answer: two heartbeat rounds and some. */
    public static final long CONNECTED_WAIT_MILLIS = 2_500;

    private void addOnceConnected(String member, long asked, CompletableFuture<byte[]> result) {
        try {
            List<String> members = members();
            List<String> reachable = new ArrayList<>();
            CairnRaft protocol = (CairnRaft) raft.raft();
            List<String> view = view();
            for (String m : members) {
                if (m.equals(config.member()) || (view.contains(m) && protocol.answeredSince(m, asked))) {
                    reachable.add(m);
                }
            }
            int majority = (members.size() + 1) / 2 + 1;
            if (reachable.size() >= majority) {
                raft.addServer(member).whenComplete((r, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(r);
                    }
                });
            } else if (System.nanoTime() - asked > TimeUnit.MILLISECONDS.toNanos(CONNECTED_WAIT_MILLIS)) {
                List<String> missing = new ArrayList<>(members);
                missing.removeAll(reachable);
                result.completeExceptionally(new CairnException(ErrorCode.UNAVAILABLE, config.group()
                        + ": not adding " + member + ": " + (members.size() + 1) + " members need " + majority
                        + " for a majority, and only " + reachable + " are connected (not " + missing
                        + "); add it once every member is connected"));
            } else {
                CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS)
                        .execute(() -> addOnceConnected(member, asked, result));
            }
        } catch (Exception e) {
            result.completeExceptionally(e);
        }
    }

    /** Removes a voting member by Raft id; only on the leader. */
    public CompletableFuture<byte[]> removeMember(String member) throws Exception {
        return raft.removeServer(member);
    }

    /**
     * Fault injection: cuts this member off from the members whose channels listen at {@code peers}
     * (all traffic both ways is dropped, see {@link FaultInjectingTcp}), replacing the earlier cut;
     * an empty collection heals. Once healed, MERGE3 merges the views and RAFT catches up.
     */
    public void cutOffFrom(java.util.Collection<InetSocketAddress> peers) {
        transport.cut(peers);
    }

    /** The channel addresses this member is cut off from now (empty unless faults are injected). */
    public java.util.Set<InetSocketAddress> cutOff() {
        return transport.cutPeers();
    }

    /** Takes a snapshot now and truncates the log; blocks until done. */
    public void snapshot() throws Exception {
        raft.raft().snapshotAsync().get(60, TimeUnit.SECONDS);
    }

    /** Leaves the group and closes the channel and the log; the member's data stays on disk. */
    @Override
    public void close() {
        channel.close();
    }

    /**
     * Bridges jgroups-raft's state machine to a {@link ReplicatedStateMachine}, telling writes from
     * queries. Snapshots carry the Raft index they stand at ahead of the state machine's descriptor.
     */
    static final class Adapter implements org.jgroups.raft.StateMachine {
        private final ReplicatedStateMachine sm;
        private final RAFT raft;
        /** The thread connecting the channel, on which RAFT loads its snapshot and log at start. */
        volatile Thread loadingThread;
        /** Entries of the local log that the snapshot loaded at start already covers; only the loading thread uses it. */
        private long staleEntries;

        Adapter(ReplicatedStateMachine sm, RAFT raft) {
            this.sm = sm;
            this.raft = raft;
        }

        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
            byte tag = data[offset];
            if (staleEntries > 0 && tag == WRITE && Thread.currentThread() == loadingThread) {
                staleEntries--;
                return null;
            }
            byte[] body = Arrays.copyOfRange(data, offset + 1, offset + length);
            if (tag == NOOP) {
                return new byte[0];
            }
            return tag == QUERY ? sm.query(body) : sm.apply(body);
        }

        /**
         * The entries in {@code [from, to]} of {@code log} that carry a WRITE: the only ones
         * {@link #apply} skips while loading. Counting no-ops too made it skip live entries.
         */
        static long writesIn(org.jgroups.protocols.raft.Log log, long from, long to) {
            long[] writes = {0};
            if (to >= from) {
                log.forEach((e, i) -> {
                    if (!e.internal() && e.command() != null && e.length() > 0 && e.command()[e.offset()] == WRITE) {
                        writes[0]++;
                    }
                }, from, to);
            }
            return writes[0];
        }

        @Override
        public void writeContentTo(DataOutput out) throws IOException {
            // RAFT truncates its log at the commit index right after this: the snapshot stands there.
            out.writeLong(raft.commitIndex());
            sm.checkpoint(out);
        }

        @Override
        public void readContentFrom(DataInput in) throws IOException {
            long index = in.readLong();
            sm.install(in);
            if (Thread.currentThread() == loadingThread) {
                // A member that crashed while installing a leader's snapshot holds that snapshot but
                // its own older log, which RAFT now replays from its first entry: skip the entries
                // the snapshot already covers, so that none is applied twice.
                long first = raft.log().firstAppended();
                long last = Math.min(index, raft.log().commitIndex());
                staleEntries = writesIn(raft.log(), first + 1, last);
                if (ApplyTrace.ENABLED && staleEntries > 0) {
                    ApplyTrace.line("stale entries=" + staleEntries + " from=" + (first + 1) + " to=" + last);
                }
            }
        }
    }
}
