package io.cairn.replication;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.core.Journal;
import io.cairn.core.Log;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The engine's {@link Log} in a cluster: records are replicated by a {@link RaftGroup} and
 * applied, in log order and at the same versions, on every replica.
 *
 * <p>The leader stamps each record with its clock; every replica gives the record the version
 * {@code max(previous version + 1, stamp)}, so versions are identical everywhere. Each replica
 * keeps the records it applied in a local {@link Journal}, forced before RAFT truncates its log at a
 * snapshot, so that after a restart the engine replays them exactly as it replays its own
 * write-ahead log. Appends work on the leader only; elsewhere they fail with
 * {@link ErrorCode#WRONG_LEADER}. Thread-safe.
 */
public final class RaftLog implements Log, ReplicatedStateMachine {
    /** Attempts to join the group when a join is refused as a duplicate. */
    private static final int START_ATTEMPTS = 5;
    private static final byte COMMITTED = 0;
    private static final byte REJECTED = 1;
    private static final byte REPLAYED = 2;

    private final RaftGroupConfig config;
    private final Journal journal;
    private volatile RaftGroup group;
    private StateMachine stateMachine;
    /** The version of the last entry of RAFT's log numbered so far; only the Raft thread writes it after start. */
    private volatile long lastVersion;
    /** Records at or below this version were replayed from the journal at start. */
    private long journalEnd;

    /** A log for the member described by {@code config}, journaling into {@code journal}. */
    public RaftLog(RaftGroupConfig config, Journal journal) {
        this.config = config;
        this.journal = journal;
    }

    @Override
    public synchronized void start(StateMachine sm, long minVersion) {
        if (group != null) {
            throw new CairnException(ErrorCode.INVALID_OPERATION, "log of " + config.member() + " is already started");
        }
        this.stateMachine = sm;
        long last = journal.recover(sm::apply);
        journalEnd = Math.max(last, minVersion);
        for (int attempt = 1; ; attempt++) {
            // RAFT replays its log from its first entry, or from its snapshot (install() then sets
            // the version the snapshot stands at): number the entries exactly as the first time, so
            // that those the journal already holds are recognised and skipped.
            lastVersion = 0;
            try {
                group = RaftGroup.start(config, this);
                return;
            } catch (Exception e) {
                // A join retried under load can find its first attempt already in the view; the
                // group drops that stale member once failure detection notices it is gone.
                boolean duplicate = String.valueOf(e.getMessage()).contains("duplicate members");
                if (!duplicate || attempt >= START_ATTEMPTS) {
                    throw e instanceof CairnException ce ? ce : new CairnException(ErrorCode.IO_ERROR, "cannot start Raft"
                            + " group " + config.group() + " member " + config.member() + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CairnException(ErrorCode.IO_ERROR, "interrupted while joining " + config.group(), ie);
                }
            }
        }
    }

    /** The Raft group behind this log; valid after {@link #start}. */
    public RaftGroup group() {
        return group;
    }

    @Override
    public CompletableFuture<Object> append(byte[] record) {
        RaftGroup g = group;
        if (g == null) {
            return CompletableFuture.failedFuture(new CairnException(ErrorCode.DATABASE_CLOSED, "the log is not started"));
        }
        byte[] entry = new byte[8 + record.length];
        ByteBuffer.wrap(entry).putLong(nowMicros());
        System.arraycopy(record, 0, entry, 8, record.length);
        return g.propose(entry).thenApply(RaftLog::decodeOutcome);
    }

    /**
     * Completes once a majority has confirmed this member's leadership and every entry committed
     * before the call has been applied here; a read version taken afterwards is linearizable.
     */
    public CompletableFuture<Void> confirmLeadership() {
        RaftGroup g = group;
        if (g == null) {
            return CompletableFuture.failedFuture(new CairnException(ErrorCode.DATABASE_CLOSED, "the log is not started"));
        }
        return g.confirmLeadership();
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    @Override
    public byte[] apply(byte[] entry) {
        long stamp = ByteBuffer.wrap(entry).getLong();
        long version = Math.max(lastVersion + 1, stamp);
        lastVersion = version;
        if (version <= Math.max(journalEnd, journal.lastVersion())) {
            return new byte[] {REPLAYED}; // Replayed by RAFT after a restart; the journal had it.
        }
        byte[] record = new byte[entry.length - 8];
        System.arraycopy(entry, 8, record, 0, record.length);
        journal.append(version, record);
        return encodeOutcome(stateMachine.apply(version, record));
    }

    @Override
    public byte[] query(byte[] query) {
        return new byte[0];
    }

    @Override
    public void checkpoint(DataOutput out) throws IOException {
        journal.force();
        out.writeLong(lastVersion);
    }

    @Override
    public void install(DataInput in) throws IOException {
        long snapshotVersion = in.readLong();
        if (snapshotVersion > journalEnd && snapshotVersion > journal.lastVersion()) {
            throw new IOException(config.member() + " is behind the group's snapshot at version " + snapshotVersion
                    + " (it holds up to " + Math.max(journalEnd, journal.lastVersion()) + "); copying a replica's data"
                    + " to a lagging member is not supported yet: restore it from a backup or rejoin it with an empty data"
                    + " directory while the log still holds everything");
        }
        // Entries after the snapshot are replayed next; number them as they were numbered the first time.
        lastVersion = snapshotVersion;
    }

    private static byte[] encodeOutcome(Object outcome) {
        if (outcome instanceof Long v) {
            return ByteBuffer.allocate(9).put(COMMITTED).putLong(v).array();
        }
        if (outcome instanceof Rejection r) {
            byte[] msg = r.message().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(5 + msg.length).put(REJECTED).putInt(r.code().code()).put(msg).array();
        }
        return new byte[] {REPLAYED};
    }

    private static Object decodeOutcome(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte kind = b.get();
        if (kind == COMMITTED) {
            return b.getLong();
        }
        if (kind == REJECTED) {
            ErrorCode code = ErrorCode.of(b.getInt());
            String msg = new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8);
            return new Rejection(code, msg);
        }
        throw new CompletionException(new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT,
                "the record was applied during a replay; its outcome is not known here"));
    }

    @Override
    public boolean keepsRecordsForRetries() {
        return true;
    }

    @Override
    public void release(long version) {
        journal.releaseBefore(version);
    }

    @Override
    public long sizeBytes() {
        RaftGroup g = group;
        return journal.sizeBytes() + (g == null ? 0 : g.logSize());
    }

    @Override
    public String recoveryWarning() {
        return journal.warning();
    }

    @Override
    public synchronized void close() {
        if (group != null) {
            group.close();
        }
        journal.close();
    }
}
