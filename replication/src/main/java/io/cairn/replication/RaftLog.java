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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    /** How long a member starting up keeps trying its peers for a copy it needs. */
    private static final long START_COPY_MILLIS = 60_000;

    private final RaftGroupConfig config;
    private final Journal journal;
    private final ReplicaSource source;
    private final List<String> peers;
    private volatile RaftGroup group;
    /** Copies of a peer's replica installed since start. */
    private final java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
    /** The thread starting the group, on which RAFT loads its own snapshot and log; else null. */
    private volatile Thread startingThread;
    private StateMachine stateMachine;
    /** The version of the last entry of RAFT's log numbered so far; only the Raft thread writes it after start. */
    private volatile long lastVersion;
    /**
     * The version up to which a peer's replica copied since start holds every record, or -1;
     * records at or below it are skipped like those the journal holds.
     */
    private long copiedThrough = -1;
    /** Why this replica stopped applying entries, or null while it applies them. */
    private volatile RuntimeException failure;
    private volatile java.util.function.Consumer<RuntimeException> onApplyFailure = e -> {};
    private volatile boolean closing;

    /**
     * A log for the member described by {@code config}, journaling into {@code journal}, that
     * cannot copy a peer's replica: it refuses a snapshot ahead of its journal.
     */
    public RaftLog(RaftGroupConfig config, Journal journal) {
        this(config, journal, null, List.of());
    }

    /**
     * A log for the member described by {@code config}, journaling into {@code journal}, that
     * copies a peer's replica from {@code source} when it must install a snapshot ahead of its
     * journal.
     *
     * @param peers client addresses ({@code host:port}) of the members this member knows, written
     *     into its snapshots so that a member installing one knows where to copy from
     */
    public RaftLog(RaftGroupConfig config, Journal journal, ReplicaSource source, List<String> peers) {
        this.config = config;
        this.journal = journal;
        this.source = source;
        this.peers = List.copyOf(peers);
    }

    @Override
    public synchronized void start(StateMachine sm, long minVersion) {
        if (group != null) {
            throw new CairnException(ErrorCode.INVALID_OPERATION, "log of " + config.member() + " is already started");
        }
        this.stateMachine = sm;
        copiedThrough = -1;
        long last = journal.recover(!ApplyTrace.ENABLED ? sm::apply
                : (v, r) -> ApplyTrace.record("recover", v, sm.apply(v, r), r));
        if (ApplyTrace.ENABLED) {
            ApplyTrace.line("start journal=" + last + " durable=" + minVersion);
        }
        for (int attempt = 1; ; attempt++) {
            // RAFT replays its log from its first entry, or from its snapshot (install() then sets
            // the version the snapshot stands at): number the entries exactly as the first time, so
            // that those the journal already holds are recognised and skipped.
            lastVersion = 0;
            startingThread = Thread.currentThread();
            try {
                group = RaftGroup.start(config, this);
                startingThread = null;
                return;
            } catch (Exception e) {
                // A join retried under load can find its first attempt already in the view; the
                // group drops that stale member once failure detection notices it is gone.
                boolean duplicate = String.valueOf(e.getMessage()).contains("duplicate members");
                if (!duplicate || attempt >= START_ATTEMPTS) {
                    startingThread = null;
                    throw e instanceof CairnException ce ? ce : new CairnException(ErrorCode.IO_ERROR, "cannot start Raft"
                            + " group " + config.group() + " member " + config.member() + ": " + e.getMessage(), e);
                }
                try {
                    startingThread = null;
                    Thread.sleep(1000L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new CairnException(ErrorCode.IO_ERROR, "interrupted while joining " + config.group(), ie);
                }
            }
        }
    }

    /**
     * Sets what happens when this replica cannot apply a committed entry (its journal or storage
     * failed): RAFT would go on with the next entry, leaving this replica without that one, so
     * from then on this log applies nothing and calls {@code handler} once. A node stops its
     * process there, and a restart applies the entry again from the log. Without a handler the
     * log only stops applying.
     */
    public void onApplyFailure(java.util.function.Consumer<RuntimeException> handler) {
        this.onApplyFailure = handler;
    }

    /** Why this replica stopped applying entries, or null while it applies them. */
    public RuntimeException applyFailure() {
        return failure;
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
        RuntimeException failed = failure;
        if (failed != null) {
            return CompletableFuture.failedFuture(new CairnException(ErrorCode.UNAVAILABLE, config.member()
                    + " stopped applying entries after a failure: " + failed.getMessage(), failed));
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
        RuntimeException failed = failure;
        if (failed != null) {
            throw new CairnException(ErrorCode.UNAVAILABLE, config.member() + " stopped applying entries after a"
                    + " failure: " + failed.getMessage(), failed);
        }
        long stamp = ByteBuffer.wrap(entry).getLong();
        long version = Math.max(lastVersion + 1, stamp);
        lastVersion = version;
        // Skip only what the journal (or a copy) holds. A record the backend holds but the journal
        // lost (its unforced tail dies with the process) goes on to the engine, which rebuilds its
        // conflict history and transaction ids from it: skipping it here made this replica accept
        // commits that the others rejected, and apply retried commits twice.
        if (version <= Math.max(copiedThrough, journal.lastVersion())) {
            if (ApplyTrace.ENABLED) {
                ApplyTrace.line("skip v=" + version);
            }
            return new byte[] {REPLAYED}; // Replayed by RAFT after a restart; the journal had it.
        }
        byte[] record = new byte[entry.length - 8];
        System.arraycopy(entry, 8, record, 0, record.length);
        Object outcome;
        try {
            journal.append(version, record);
            outcome = stateMachine.apply(version, record);
        } catch (RuntimeException e) {
            if (!closing) {
                failure = e;
                System.getLogger(RaftLog.class.getName()).log(System.Logger.Level.ERROR, config.member()
                        + " cannot apply the committed entry at version " + version + " and stops applying: " + e, e);
                onApplyFailure.accept(e);
            }
            throw e;
        }
        if (ApplyTrace.ENABLED) {
            ApplyTrace.record("apply", version, outcome, record);
        }
        return encodeOutcome(outcome);
    }

    @Override
    public byte[] query(byte[] query) {
        return new byte[0];
    }

    /**
     * Forces the journal and writes the descriptor: the version of the last entry numbered, and
     * the client addresses of the members this member knows, where a member installing the
     * snapshot can copy the data from.
     */
    @Override
    public void checkpoint(DataOutput out) throws IOException {
        if (failure != null) {
            // RAFT would truncate its log past the entry this replica failed to apply.
            throw new IOException(config.member() + " stopped applying entries; no snapshot is taken");
        }
        journal.force();
        out.writeLong(lastVersion);
        List<String> known = new ArrayList<>(peers);
        RaftGroup g = group;
        if (g != null) {
            for (String a : g.clientAddresses().values()) {
                if (!known.contains(a)) {
                    known.add(a);
                }
            }
        }
        out.writeInt(known.size());
        for (String p : known) {
            out.writeUTF(p);
        }
    }

    /**
     * Installs a snapshot descriptor. When this member's journal already reaches the snapshot's
     * version, it only numbers the entries that follow from there. Otherwise it copies a peer's
     * replica (backend and journal, at a version at or after the snapshot's) in place of its own,
     * on this (RAFT's) thread, and skips the entries the copy holds. Blocks for the copy.
     */
    @Override
    public void install(DataInput in) throws IOException {
        long snapshotVersion = in.readLong();
        if (ApplyTrace.ENABLED) {
            ApplyTrace.line("install snapshot=" + snapshotVersion + " journal=" + journal.lastVersion());
        }
        List<String> known = new ArrayList<>();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            known.add(in.readUTF());
        }
        long holds = Math.max(copiedThrough, journal.lastVersion());
        if (snapshotVersion > holds) {
            if (source == null) {
                throw new IOException(config.member() + " is behind the group's snapshot at version " + snapshotVersion
                        + " (it holds up to " + holds + ") and cannot copy a peer's replica");
            }
            for (String p : peers) {
                if (!known.contains(p)) {
                    known.add(p);
                }
            }
            copyFromPeer(snapshotVersion, known);
        }
        // Entries after the snapshot are replayed next; number them as they were numbered the first time.
        lastVersion = snapshotVersion;
    }

    private void copyFromPeer(long snapshotVersion, List<String> known) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(START_COPY_MILLIS);
        for (int attempt = 1; ; attempt++) {
            try {
                copyOnce(snapshotVersion, known);
                return;
            } catch (RuntimeException e) {
                // Running, RAFT's leader sends the snapshot again; starting, nothing would, so retry here.
                if (Thread.currentThread() != startingThread || System.nanoTime() > deadline) {
                    throw new IOException(config.member() + " could not copy a peer's replica at version "
                            + snapshotVersion + " or later: " + e.getMessage(), e);
                }
                System.getLogger(RaftLog.class.getName()).log(System.Logger.Level.WARNING, config.member()
                        + ": copying a peer's replica failed (attempt " + attempt + "), retrying: " + e.getMessage());
                try {
                    Thread.sleep(Math.min(5_000, 500L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while copying a peer's replica", ie);
                }
            }
        }
    }

    private void copyOnce(long snapshotVersion, List<String> known) {
        System.Logger logger = System.getLogger(RaftLog.class.getName());
        try (ReplicaSource.Copy copy = source.open(snapshotVersion, known)) {
            logger.log(System.Logger.Level.INFO, config.member() + ": behind the group's snapshot at version "
                    + snapshotVersion + "; copying the replica of " + copy.peer() + " at version " + copy.version());
            Iterator<Log.VersionedRecord> entries = copy.entries();
            boolean[] cleared = {false};
            Iterator<Log.VersionedRecord> journaled = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    if (!cleared[0]) {
                        // The backend is marked incomplete by now: a crash from here on discards both.
                        journal.clear();
                        cleared[0] = true;
                    }
                    return entries.hasNext();
                }

                @Override
                public Log.VersionedRecord next() {
                    Log.VersionedRecord e = entries.next();
                    journal.append(e.version(), e.record());
                    return e;
                }
            };
            stateMachine.restore(copy.pairs(), journaled);
            if (!cleared[0]) {
                journal.clear();
            }
            journal.force();
            copiedThrough = Math.max(copy.version(), journal.lastVersion());
            copies.incrementAndGet();
            logger.log(System.Logger.Level.INFO, config.member() + ": copied the replica of " + copy.peer()
                    + "; it holds every entry up to version " + copiedThrough);
        }
    }

    /**
     * Opens a reader of this member's journal, for a copy of this replica; no journal segment is
     * released while it is open.
     */
    public Journal.Reader openJournalReader() {
        return journal.openReader();
    }

    /** How many times this member has replaced its replica by a copy of a peer's since it started. */
    public int replicaCopies() {
        return copies.get();
    }

    /** The version of the last record in this member's journal, or -1. */
    public long journalEnd() {
        return journal.lastVersion();
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
        closing = true;
        if (group != null) {
            group.close();
        }
        journal.close();
    }
}
