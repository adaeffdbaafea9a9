package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The embedded {@link Log}: a write-ahead log in segment files with a CRC per record and group
 * commit, so that concurrent appends share one write and one {@code fsync}.
 *
 * <p>One writer thread takes every pending append, gives each a version (the larger of the
 * previous version plus one and the wall clock in microseconds), writes them at once, forces them
 * to disk when {@code sync} is on, and applies them in order. Recovery truncates a torn or corrupt
 * tail and reports it through {@link #recoveryWarning()}. Thread-safe.
 */
public final class LocalLog implements Log {
    /** The most appends written with one {@code fsync}. */
    private static final int MAX_BATCH = 4096;

    private record Pending(byte[] record, CompletableFuture<Object> future) {}

    /** Queued by {@link #close} so that the writer wakes at once instead of at its next poll. */
    private static final Pending WAKE_UP = new Pending(new byte[0], new CompletableFuture<>());

    private final Path dir;
    private final boolean sync;
    private final long segmentBytes;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ArrayDeque<LogSegments.Segment> segments = new ArrayDeque<>();
    private StateMachine stateMachine;
    private FileChannel channel;
    private LogSegments.Segment active;
    private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private long lastVersion;
    private volatile long releasedBefore;
    private long deletedBefore;
    private volatile long sizeBytes;
    private volatile String warning;
    private volatile CairnException failure;
    private volatile boolean closed;
    private volatile long writes;
    private Thread writer;

    /**
     * A log kept in {@code dir} (created if needed).
     *
     * @param sync whether each group of appends is forced to disk before it is applied
     * @param segmentBytes the size at which a new segment file is started
     */
    public LocalLog(Path dir, boolean sync, long segmentBytes) {
        if (segmentBytes < 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "log segment size must be positive, not " + segmentBytes);
        }
        this.dir = dir;
        this.sync = sync;
        this.segmentBytes = segmentBytes;
    }

    @Override
    public synchronized void start(StateMachine sm, long minVersion) {
        if (writer != null) {
            throw new CairnException(ErrorCode.INVALID_OPERATION, "log " + dir + " is already started");
        }
        this.stateMachine = sm;
        try {
            Files.createDirectories(dir);
            LogSegments.Recovery r = LogSegments.recover(dir, sm::apply);
            segments.addAll(r.segments());
            if (r.warning() != null) {
                log().log(Level.WARNING, r.warning());
                addWarning(r.warning());
            }
            lastVersion = Math.max(minVersion, r.lastVersion());
            deleteEmptySegments();
            // The next segment is created by the first write, so a database opened only to read
            // leaves the log as it found it.
            updateSize();
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot recover the log in " + dir + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::run, "cairn-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Deletes segments that hold no record (left by a crash right after one was created). */
    private void deleteEmptySegments() throws IOException {
        for (Iterator<LogSegments.Segment> it = segments.iterator(); it.hasNext(); ) {
            LogSegments.Segment s = it.next();
            if (s.size == 0) {
                Files.deleteIfExists(s.path);
                it.remove();
            }
        }
    }

    private void openSegment(long id) throws IOException {
        if (channel != null) {
            channel.close();
        }
        active = new LogSegments.Segment(id, LogSegments.pathOf(dir, id));
        channel = LogSegments.create(dir, active);
        synchronized (segments) {
            segments.addLast(active);
        }
    }

    @Override
    public CompletableFuture<Object> append(byte[] record) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        if (record.length > LogSegments.MAX_PAYLOAD) {
            f.completeExceptionally(new CairnException(ErrorCode.TRANSACTION_TOO_LARGE,
                    "log record is " + record.length + " bytes, more than " + LogSegments.MAX_PAYLOAD));
            return f;
        }
        CairnException failed = failure;
        if (failed != null || closed) {
            f.completeExceptionally(failed != null ? failed : closedError());
            return f;
        }
        queue.add(new Pending(record, f));
        if (closed) {
            failPending(closedError());
        }
        return f;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (!closed) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null || first == WAKE_UP) {
                    deleteReleased();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.remove(WAKE_UP);
                writeBatch(batch);
                if (releasedBefore > deletedBefore) {
                    deleteReleased();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                fail(new CairnException(ErrorCode.INTERNAL_ERROR, "log writer failed: " + e, e), batch);
            } finally {
                batch.clear();
            }
        }
        failPending(failure != null ? failure : closedError());
    }

    private void writeBatch(List<Pending> batch) {
        long[] versions = new long[batch.size()];
        int bytes = 0;
        for (Pending p : batch) {
            bytes += LogSegments.HEADER + p.record.length;
        }
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(bytes, buffer.capacity() * 2));
        }
        buffer.clear();
        long now = System.currentTimeMillis() * 1000;
        for (int i = 0; i < versions.length; i++) {
            lastVersion = Math.max(lastVersion + 1, now);
            versions[i] = lastVersion;
            LogSegments.encode(buffer, lastVersion, batch.get(i).record);
        }
        buffer.flip();
        try {
            if (active == null) {
                synchronized (segments) {
                    openSegment(segments.isEmpty() ? 1 : segments.getLast().id + 1);
                }
            }
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            fail(new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "writing the log in " + dir + " failed: "
                    + e.getMessage(), e), batch);
            return;
        }
        writes++;
        active.size += bytes;
        active.lastVersion = lastVersion;
        sizeBytes += bytes;
        for (int i = 0; i < versions.length; i++) {
            Object outcome;
            try {
                outcome = stateMachine.apply(versions[i], batch.get(i).record);
            } catch (RuntimeException e) {
                // The record is durable but not applied: stop, so nothing diverges from the log.
                fail(new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "applying log record " + versions[i]
                        + " failed: " + e, e), batch.subList(i, batch.size()));
                return;
            }
            batch.get(i).future.complete(outcome);
        }
        if (active.size >= segmentBytes) {
            try {
                openSegment(active.id + 1);
            } catch (IOException e) {
                fail(new CairnException(ErrorCode.IO_ERROR, "cannot start a new log segment in " + dir + ": "
                        + e.getMessage(), e), List.of());
            }
        }
    }

    private void fail(CairnException e, List<Pending> batch) {
        if (failure == null) {
            failure = e.error() == ErrorCode.IO_ERROR ? e
                    : new CairnException(ErrorCode.IO_ERROR, "the log is unusable after an earlier failure: "
                            + e.getMessage(), e);
            log().log(Level.ERROR, e.getMessage(), e);
        }
        for (Pending p : batch) {
            p.future.completeExceptionally(e);
        }
        closed = true;
    }

    private void failPending(CairnException e) {
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p != WAKE_UP) {
                p.future.completeExceptionally(e);
            }
        }
    }

    private CairnException closedError() {
        return new CairnException(ErrorCode.DATABASE_CLOSED, "the database in " + dir.getParent() + " is closed");
    }

    @Override
    public void release(long version) {
        if (version > releasedBefore) {
            releasedBefore = version;
        }
        // Once closed there is no writer thread to delete them (the final checkpoint comes after close).
        synchronized (this) {
            if (closed && writer == null) {
                deleteReleased();
            }
        }
    }

    /** Deletes segments whose records all precede the released version; runs on the writer thread. */
    private void deleteReleased() {
        long before = releasedBefore;
        deletedBefore = before;
        synchronized (segments) {
            for (Iterator<LogSegments.Segment> it = segments.iterator(); it.hasNext(); ) {
                LogSegments.Segment s = it.next();
                if (s == active || s.lastVersion >= before) {
                    break;
                }
                try {
                    Files.deleteIfExists(s.path);
                    it.remove();
                } catch (IOException e) {
                    log().log(Level.WARNING, "cannot delete released log segment " + s.path + ": " + e.getMessage());
                    break;
                }
            }
        }
        updateSize();
    }

    private void updateSize() {
        long n = 0;
        synchronized (segments) {
            for (LogSegments.Segment s : segments) {
                n += s.size;
            }
        }
        sizeBytes = n;
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * Deletes the log segments in {@code dir}, which belong to a backend that no longer exists
     * (a memory backend, or a data directory that was removed).
     *
     * @return a warning naming how much was discarded, or {@code null} when there was nothing
     */
    static String discard(Path dir) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        long bytes = 0;
        int files = 0;
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (p.getFileName().toString().endsWith(LogSegments.SUFFIX)) {
                    bytes += Files.size(p);
                    files++;
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot discard the stale log in " + dir + ": " + e, e);
        }
        return files == 0 ? null : "discarded " + files + " log segment(s), " + bytes
                + " bytes, left by a backend whose data no longer exists (the memory backend keeps nothing)";
    }

    /** Adds a warning shown with the recovery warning; {@code null} adds nothing. */
    void addWarning(String text) {
        if (text != null) {
            warning = warning == null ? text : warning + "; " + text;
        }
    }

    @Override
    public String recoveryWarning() {
        return warning;
    }

    /** How many group writes (each with one {@code fsync} when syncing) the log has made. */
    long groupWrites() {
        return writes;
    }

    /** The number of segment files, for tests and status. */
    int segmentCount() {
        synchronized (segments) {
            return segments.size();
        }
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            if (closed && writer == null) {
                return;
            }
            closed = true;
            w = writer;
            writer = null;
        }
        if (w != null) {
            // Not interrupted: an interrupt would close the channel in the middle of a write.
            queue.add(WAKE_UP);
            try {
                w.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failPending(closedError());
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log().log(Level.WARNING, "closing log " + dir + " failed: " + e.getMessage());
        }
    }

    /**
     * The logger, looked up when something is to be logged: looking it up starts the JDK's logging,
     * which a one-shot command that logs nothing should not pay for.
     */
    private static System.Logger log() {
        return System.getLogger(LocalLog.class.getName());
    }
}
