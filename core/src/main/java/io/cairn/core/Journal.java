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
    /** Open readers; while there are any, releases wait. */
    private int readers;
    private long deferredRelease = Long.MIN_VALUE;
    /** Bumped by {@link #clear()}, which invalidates open readers. */
    private long epoch;

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

    /**
     * Deletes whole segments whose records are all older than {@code version}; while a
     * {@link Reader} is open, the release waits until the last one closes.
     */
    public synchronized void releaseBefore(long version) {
        if (readers > 0) {
            deferredRelease = Math.max(deferredRelease, version);
            return;
        }
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

    /**
     * Deletes every record and starts again from an empty journal, for a replica whose state is
     * being replaced by a copy of another's. Open readers fail from now on. Blocks.
     */
    public synchronized void clear() {
        checkOpen();
        try {
            buffer.clear();
            channel.close();
            channel = null;
            long next = active.id + 1;
            for (LogSegments.Segment s : segments) {
                Files.deleteIfExists(s.path);
            }
            segments.clear();
            lastVersion = -1;
            epoch++;
            openSegment(next);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot clear the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the journal files in {@code dir}, left by a backend that no longer exists. Blocks. */
    public static void discard(Path dir) {
        LocalLog.discard(dir);
    }

    /**
     * Opens a reader of every record, oldest first, from the oldest segment kept. While it is
     * open no segment is released, so a copy of this replica can read the records it needs.
     */
    public synchronized Reader openReader() {
        checkOpen();
        readers++;
        return new Reader(segments.isEmpty() ? active.id : segments.getFirst().id, epoch);
    }

    /** A position in the journal, read by {@link #read}; close it to let releases proceed. Not thread-safe. */
    public final class Reader implements AutoCloseable {
        private long segment;
        private long position;
        private final long readerEpoch;
        private boolean done;

        private Reader(long segment, long epoch) {
            this.segment = segment;
            this.readerEpoch = epoch;
        }

        /**
         * Hands records after the last one read to {@code sink}, at least one and then until
         * {@code maxBytes} of payload; whether more remain. Blocks while reading.
         *
         * @throws CairnException {@code unavailable} (1200) when the journal was cleared meanwhile
         */
        public boolean read(int maxBytes, Sink sink) {
            return Journal.this.read(this, maxBytes, sink);
        }

        @Override
        public void close() {
            synchronized (Journal.this) {
                if (done) {
                    return;
                }
                done = true;
                readers--;
                if (readers == 0 && deferredRelease != Long.MIN_VALUE) {
                    long v = deferredRelease;
                    deferredRelease = Long.MIN_VALUE;
                    if (!closed) {
                        releaseBefore(v);
                    }
                }
            }
        }
    }

    private synchronized boolean read(Reader r, int maxBytes, Sink sink) {
        checkOpen();
        if (r.readerEpoch != epoch || r.done) {
            throw new CairnException(ErrorCode.UNAVAILABLE, "journal " + dir + " was cleared or the reader closed");
        }
        try {
            flush();
            long bytes = 0;
            for (LogSegments.Segment s : segments) {
                if (s.id < r.segment) {
                    continue;
                }
                if (s.id > r.segment) {
                    r.segment = s.id;
                    r.position = 0;
                }
                if (r.position < s.size) {
                    try (FileChannel ch = FileChannel.open(s.path, java.nio.file.StandardOpenOption.READ)) {
                        while (r.position < s.size) {
                            if (bytes > 0 && bytes >= maxBytes) {
                                return true;
                            }
                            ByteBuffer header = ByteBuffer.allocate(LogSegments.HEADER);
                            readFully(ch, header, r.position);
                            int length = header.getInt(0);
                            long version = header.getLong(8);
                            ByteBuffer payload = ByteBuffer.allocate(length);
                            readFully(ch, payload, r.position + LogSegments.HEADER);
                            sink.accept(version, payload.array());
                            r.position += LogSegments.HEADER + length;
                            bytes += LogSegments.HEADER + length;
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot read the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("unexpected end of a journal segment");
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
