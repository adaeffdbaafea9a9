package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * A local record of versioned entries in the write-ahead log's segment format, written without
 * a sync per entry and forced on demand.
 *
 * <p>A replica in a cluster keeps the records it applied here, so that after a restart the engine
 * can replay them exactly as it replays its own write-ahead log, even though the consensus log has
 * been truncated. Entries must come in increasing version order. Thread-safe.
 */
public final class Journal implements AutoCloseable {
    /** Receives each record during {@link #recover}. */
    @FunctionalInterface
    public interface Sink {
        /** Takes one record. */
        void accept(long version, byte[] payload);
    }

    private static final int BUFFER_BYTES = 1 << 20;

    private final Path dir;
    private final long segmentBytes;
    private final ArrayDeque<LogSegments.Segment> segments = new ArrayDeque<>();
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private FileChannel channel;
    private LogSegments.Segment active;
    private long lastVersion = -1;
    private String warning;
    private boolean closed;

    /** A journal in {@code dir} (created if needed) that starts a new segment file every {@code segmentBytes}. */
    public Journal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Reads every stored record, oldest first, into {@code sink}, truncating a torn or corrupt
     * tail (see {@link #warning()}), and opens the journal for appends. Blocks.
     *
     * @return the version of the last record, or -1 when there is none
     */
    public synchronized long recover(Sink sink) {
        try {
            Files.createDirectories(dir);
            LogSegments.Recovery r = LogSegments.recover(dir, sink::accept);
            segments.addAll(r.segments());
            warning = r.warning();
            lastVersion = r.lastVersion();
            openSegment(segments.isEmpty() ? 1 : segments.getLast().id + 1);
            return lastVersion;
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot recover the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** What recovery found wrong, or {@code null}. */
    public synchronized String warning() {
        return warning;
    }

    /** The version of the last record appended or recovered, or -1. */
    public synchronized long lastVersion() {
        return lastVersion;
    }

    /** Appends a record; it reaches the disk by the next {@link #force()} at the latest. */
    public synchronized void append(long version, byte[] payload) {
        checkOpen();
        if (version <= lastVersion) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "journal " + dir + ": version " + version
                    + " does not follow " + lastVersion);
        }
        int size = LogSegments.HEADER + payload.length;
        try {
            if (buffer.position() + size > buffer.capacity()) {
                flush();
                if (size > buffer.capacity()) {
                    buffer = ByteBuffer.allocate(size);
                }
            }
            LogSegments.encode(buffer, version, payload);
            active.lastVersion = version;
            active.size += size;
            lastVersion = version;
            if (active.size >= segmentBytes) {
                flush();
                channel.force(false);
                openSegment(active.id + 1);
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot write the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes and forces every appended record to disk. Blocks. */
    public synchronized void force() {
        checkOpen();
        try {
            flush();
            channel.force(false);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot sync the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes whole segments whose records are all older than {@code version}. */
    public synchronized void releaseBefore(long version) {
        for (Iterator<LogSegments.Segment> it = segments.iterator(); it.hasNext(); ) {
            LogSegments.Segment s = it.next();
            if (s == active || s.lastVersion < 0 || s.lastVersion >= version) {
                break;
            }
            try {
                Files.deleteIfExists(s.path);
                it.remove();
            } catch (IOException e) {
                return; // Kept for now; a later release tries again.
            }
        }
    }

    /** The bytes the journal occupies on disk, counting what is still buffered. */
    public synchronized long sizeBytes() {
        long total = 0;
        for (LogSegments.Segment s : segments) {
            total += s.size;
        }
        return total;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    private void openSegment(long id) throws IOException {
        if (channel != null) {
            channel.close();
        }
        active = new LogSegments.Segment(id, LogSegments.pathOf(dir, id));
        channel = LogSegments.create(dir, active);
        segments.addLast(active);
    }

    private void checkOpen() {
        if (closed || channel == null) {
            throw new CairnException(ErrorCode.DATABASE_CLOSED, "journal " + dir + " is closed or not recovered");
        }
    }

    /** Forces what was appended and closes the files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                flush();
                channel.force(false);
                channel.close();
            } catch (IOException e) {
                System.getLogger(Journal.class.getName()).log(System.Logger.Level.WARNING,
                        "closing journal " + dir + ": " + e.getMessage());
            }
        }
    }
}
