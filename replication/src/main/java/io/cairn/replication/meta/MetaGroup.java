package io.cairn.replication.meta;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.RaftGroup;
import io.cairn.replication.RaftGroupConfig;
import io.cairn.replication.ReplicatedStateMachine;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One member of the meta group: a {@link RaftGroup} on its own channel (its own cluster name,
 * port and log) whose state machine holds a {@link MetaState}.
 *
 * <p>Thread-safe. Reads ({@link #read}) and changes ({@link #propose}) go through this member only
 * while it leads: elsewhere they fail with {@link ErrorCode#WRONG_LEADER} naming the leader, and
 * the caller asks the leader's node instead. While no leader is known, or leadership cannot be
 * confirmed, they retry until their timeout. Snapshots hold the whole state (it is small), so a
 * member restarted from disk, or sent a snapshot, gets it back exactly.
 */
public final class MetaGroup implements AutoCloseable {
    /** The name of the meta group of cluster {@code cluster}: {@code <cluster>-meta}. */
    public static String groupName(String cluster) {
        return cluster + "-meta";
    }

    /** How long to wait between attempts while no leader is known or a round failed. */
    private static final long RETRY_MILLIS = 100;
    private static final byte APPLIED = 0;
    private static final byte REFUSED = 1;

    private final RaftGroup group;
    private final Machine machine;

    private MetaGroup(RaftGroup group, Machine machine) {
        this.group = group;
        this.machine = machine;
    }

    /**
     * Starts this member: replays its log (and snapshot) from disk into the state, and joins the
     * group. Blocks until the channel is connected, not until a leader is elected.
     */
    public static MetaGroup start(RaftGroupConfig config) throws Exception {
        return start(config, e -> { });
    }

    /**
     * Starts this member as {@link #start(RaftGroupConfig)} does, calling {@code onApplyFailure} (on
     * Raft's thread) when a committed entry cannot be decoded: a member that skipped it would go on
     * with a state the others do not have (a newer member's command during a rolling upgrade, or a
     * corrupt log), so a node stops at once instead and applies it again after a restart.
     */
    public static MetaGroup start(RaftGroupConfig config, java.util.function.Consumer<RuntimeException> onApplyFailure)
            throws Exception {
        Machine m = new Machine(onApplyFailure);
        return new MetaGroup(RaftGroup.start(config, m), m);
    }

    /**
     * The state as this member has applied it: maybe behind the group's (on a follower, or on a
     * leader not yet caught up). Does not block.
     */
    public MetaState localState() {
        return machine.state;
    }

    /** The Raft group underneath: leader, term, members and membership changes. */
    public RaftGroup raft() {
        return group;
    }

    /**
     * The group's state, linearizable: this member confirms its leadership with a majority (an entry
     * of its term committed), so the state includes every change committed before the call. Blocks
     * up to {@code timeoutMillis}, retrying while no leader is known.
     *
     * @throws CairnException 1201 when another member leads (the message names it), 1200 when no
     *     leadership was confirmed in time
     */
    public MetaState read(long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                await(group.confirmLeadership(), deadline);
                return machine.state;
            } catch (CairnException e) {
                retryOrThrow(e, deadline);
            }
        }
    }

    /**
     * Proposes {@code command} and returns the state right after it was applied. Blocks up to
     * {@code timeoutMillis}, retrying while no leader is known, or when the outcome of an attempt is
     * unknown (every command is safe to apply twice: see {@link MetaCommand}).
     *
     * @throws CairnException the refusal of {@link MetaState#apply} (e.g. 1020 for a stale map
     *     epoch), 1201 when another member leads, 1200 or 1021 when it did not get through in time
     */
    public MetaState propose(MetaCommand command, long timeoutMillis) {
        return proposeForAnswer(command, timeoutMillis).state();
    }

    /**
     * What applying a command gave.
     *
     * @param previousTimestampLimit the timestamp limit right before the command was applied
     * @param state the state right after it
     */
    record Answer(long previousTimestampLimit, MetaState state) {}

    /** Like {@link #propose}, also saying what the timestamp limit was right before the command. */
    Answer proposeForAnswer(MetaCommand command, long timeoutMillis) {
        byte[] entry = command.encode();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            try {
                return answer(await(group.propose(entry), deadline));
            } catch (CairnException e) {
                retryOrThrow(e, deadline);
            }
        }
    }

    private void retryOrThrow(CairnException e, long deadline) {
        boolean retry = switch (e.error()) {
            // Another member leads: the caller must go there; nobody leads yet: wait for an election.
            case WRONG_LEADER -> group.leader() == null || group.leader().equals(group.member());
            case UNAVAILABLE, COMMIT_UNKNOWN_RESULT -> true;
            default -> false;
        };
        if (!retry || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS) > deadline) {
            throw e;
        }
        try {
            Thread.sleep(RETRY_MILLIS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.UNAVAILABLE, group.group() + ": interrupted", ie);
        }
    }

    private <T> T await(CompletableFuture<T> f, long deadline) {
        try {
            return f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new CairnException(ErrorCode.UNAVAILABLE, group.group() + ": no answer in time", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CairnException ce) {
                throw ce;
            }
            throw new CairnException(ErrorCode.UNAVAILABLE, group.group() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.UNAVAILABLE, group.group() + ": interrupted", e);
        }
    }

    private static Answer answer(byte[] a) {
        if (a == null || a.length == 0) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "the meta group gave no answer");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(a, 1, a.length - 1))) {
            if (a[0] == APPLIED) {
                long previous = in.readLong();
                return new Answer(previous, MetaState.decode(in.readAllBytes()));
            }
            ErrorCode code = ErrorCode.of(in.readInt());
            throw new CairnException(code, in.readUTF());
        } catch (IOException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "malformed meta group answer: " + e.getMessage(), e);
        }
    }

    /** Leaves the group and closes its channel and log; the data stays on disk. */
    @Override
    public void close() {
        group.close();
    }

    /** The state machine: applies commands to the state, and snapshots the whole state. */
    private static final class Machine implements ReplicatedStateMachine {
        private final java.util.function.Consumer<RuntimeException> onApplyFailure;
        volatile MetaState state = MetaState.EMPTY;

        Machine(java.util.function.Consumer<RuntimeException> onApplyFailure) {
            this.onApplyFailure = onApplyFailure;
        }

        @Override
        public byte[] apply(byte[] entry) {
            MetaState before = state;
            MetaCommand command;
            try {
                command = MetaCommand.decode(entry);
            } catch (CairnException undecodable) {
                // Not "refused alike on every member": a member of another version may decode it.
                // Skipping it here would let this member's state part from the others' silently.
                onApplyFailure.accept(undecodable);
                throw new IllegalStateException("cannot apply a committed meta command: " + undecodable.getMessage(),
                        undecodable);
            }
            // The state's own refusals (a stale epoch, an unknown node) are the same on every member.
            MetaState.Outcome o = state.apply(command);
            state = o.state();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                if (o.refusal() == null) {
                    out.writeByte(APPLIED);
                    out.writeLong(before.timestampLimit());
                    out.write(o.state().encode());
                } else {
                    out.writeByte(REFUSED);
                    out.writeInt(o.refusal().code());
                    out.writeUTF(String.valueOf(o.refusal().getMessage()));
                }
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            }
            return bytes.toByteArray();
        }

        @Override
        public byte[] query(byte[] query) {
            return state.encode();
        }

        @Override
        public void checkpoint(DataOutput out) throws IOException {
            byte[] s = state.encode();
            out.writeInt(s.length);
            out.write(s);
        }

        @Override
        public void install(DataInput in) throws IOException {
            int n = in.readInt();
            if (n < 0 || n > (64 << 20)) {
                throw new IOException("bad meta snapshot length " + n);
            }
            byte[] s = new byte[n];
            in.readFully(s);
            state = MetaState.decode(s);
        }
    }
}
