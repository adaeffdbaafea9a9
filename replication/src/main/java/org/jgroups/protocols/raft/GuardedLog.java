package org.jgroups.protocols.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.function.ObjLongConsumer;
import org.jgroups.Address;
import org.jgroups.protocols.raft.state.RaftState;

/**
 * RAFT's {@link Log} made safe for the threads that share it, with the term and vote it holds
 * always the latest pair and forced to disk.
 *
 * <p>jgroups-raft 1.1.4 documents RAFT as single-threaded, but ELECTION writes the term and vote
 * from the threads that deliver vote requests and from its voting thread while RAFT's own thread
 * appends, reads and commits. {@code FileBasedLog} is not thread-safe: its vote is written through
 * one shared buffer, and concurrent writes failed ({@code BufferOverflowException}, "must prepare
 * the IO buffer first!", seen in robustness runs), losing vote answers. {@code RaftState} also
 * writes the term and vote after releasing its lock, so two threads could leave on disk an older
 * term or vote than the one answered (a member that restarted could then vote twice in a term);
 * and {@code FileBasedLog} never forces the vote to disk, so a power loss could lose it.
 *
 * <p>Here every call holds this log's lock; a term or vote change writes the pair {@code RaftState}
 * holds at that moment (read under its lock), unless a newer pair is on disk already, and, when the
 * log is forced at all ({@code log_use_fsync}), forces the metadata file before the caller goes on
 * to answer. Entries are untouched. (That the term itself never goes back on disk is
 * {@link MonotonicFileLog}'s part.)
 */
final class GuardedLog implements Log {
    private final Log log;
    private final RaftState state;
    private final Path metadataFile;
    private volatile boolean fsync;
    private FileChannel metadata;
    /** Whether a term or vote was written and not forced yet (a force failed, or fsync is off). */
    private boolean unforced;
    private boolean closed;

    /**
     * Guards {@code log}, whose term and vote mirror {@code state}.
     *
     * @param metadataFile the file that holds the term and vote, forced after they change; {@code null}
     *     for a log that keeps them in memory
     */
    GuardedLog(Log log, RaftState state, Path metadataFile, boolean fsync) {
        this.log = Objects.requireNonNull(log);
        this.state = Objects.requireNonNull(state);
        this.metadataFile = metadataFile;
        this.fsync = fsync;
    }

    /** The log this one guards. */
    Log guarded() {
        return log;
    }

    /**
     * Writes the term and vote {@code state} holds now, unless a newer pair is on disk already, and
     * forces them. Pairs are ordered: the term only grows, and within a term the vote only goes from
     * none to one member; so a thread that read its pair before another thread wrote a later one
     * changes nothing. The state's lock is held only to read the pair, never during the writes.
     */
    private void persistTermAndVote() {
        long term;
        Address vote;
        synchronized (state) {
            term = state.currentTerm();
            vote = state.votedFor();
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            long onDiskTerm = log.currentTerm();
            Address onDiskVote = log.votedFor();
            boolean newer = term > onDiskTerm || term == onDiskTerm && onDiskVote == null && vote != null;
            if (newer) {
                if (term > onDiskTerm) {
                    // The term first: a crash between the two writes leaves the new term beside the vote of
                    // an earlier one, so this member can vote in the new term at most for that member,
                    // and no answer in the new term went out before this returned.
                    log.currentTerm(term);
                }
                if (!Objects.equals(vote, onDiskVote)) {
                    log.votedFor(vote);
                }
                unforced = true;
            }
            if (unforced && fsync) {
                force();
                unforced = false;
            }
        }
    }

    private void force() {
        try {
            if (metadataFile == null) {
                return; // a log kept in memory: nothing to force
            }
            if (metadata == null) {
                if (!Files.exists(metadataFile)) {
                    throw new IllegalStateException("the Raft vote is not where it was expected: " + metadataFile);
                }
                metadata = FileChannel.open(metadataFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            // fsync flushes the file's pages however they were written (the term through a mapping).
            metadata.force(true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot force the Raft term and vote to " + metadataFile, e);
        }
    }

    @Override
    public synchronized void init(String logName, Map<String, String> args) throws Exception {
        closeMetadata();
        log.init(logName, args);
        closed = false;
    }

    @Override
    public synchronized Log useFsync(boolean f) {
        fsync = f;
        log.useFsync(f);
        return this;
    }

    @Override
    public synchronized boolean useFsync() {
        return log.useFsync();
    }

    @Override
    public synchronized void delete() throws Exception {
        closeMetadata();
        log.delete();
    }

    @Override
    public synchronized long currentTerm() {
        return log.currentTerm();
    }

    @Override
    public Log currentTerm(long newTerm) {
        persistTermAndVote();
        return this;
    }

    @Override
    public synchronized Address votedFor() {
        return log.votedFor();
    }

    @Override
    public Log votedFor(Address member) {
        persistTermAndVote();
        return this;
    }

    @Override
    public synchronized long commitIndex() {
        return log.commitIndex();
    }

    @Override
    public synchronized Log commitIndex(long newIndex) {
        log.commitIndex(newIndex);
        return this;
    }

    @Override
    public synchronized long firstAppended() {
        return log.firstAppended();
    }

    @Override
    public synchronized long lastAppended() {
        return log.lastAppended();
    }

    @Override
    public synchronized void setSnapshot(ByteBuffer sn) {
        log.setSnapshot(sn);
    }

    @Override
    public synchronized ByteBuffer getSnapshot() {
        return log.getSnapshot();
    }

    @Override
    public synchronized long append(long index, LogEntries entries) {
        return log.append(index, entries);
    }

    @Override
    public synchronized LogEntry get(long index) {
        return log.get(index);
    }

    @Override
    public synchronized void truncate(long indexExclusive) {
        log.truncate(indexExclusive);
    }

    @Override
    public synchronized void reinitializeTo(long index, LogEntry entry) throws Exception {
        log.reinitializeTo(index, entry);
    }

    @Override
    public synchronized void deleteAllEntriesStartingFrom(long startIndex) {
        log.deleteAllEntriesStartingFrom(startIndex);
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function, long startIndex, long endIndex) {
        log.forEach(function, startIndex, endIndex);
    }

    @Override
    public synchronized void forEach(ObjLongConsumer<LogEntry> function) {
        log.forEach(function);
    }

    @Override
    public synchronized long size() {
        return log.size();
    }

    @Override
    public synchronized long sizeInBytes() {
        return log.sizeInBytes();
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true; // a straggling voting thread writes nothing more
        try {
            log.close();
        } finally {
            closeMetadata();
        }
    }

    private void closeMetadata() throws IOException {
        if (metadata != null) {
            metadata.close();
            metadata = null;
        }
    }

    @Override
    public synchronized String toString() {
        return "GuardedLog(" + log + ")";
    }
}
