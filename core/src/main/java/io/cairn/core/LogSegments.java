package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The on-disk format of the local write-ahead log and its recovery: numbered segment files of
 * records {@code [length int32][crc32c int32][version int64][payload]}, the CRC covering version
 * and payload, all big-endian. Not thread-safe; {@link LocalLog} serializes access.
 */
final class LogSegments {
    /** Bytes before each record's payload. */
    static final int HEADER = 16;
    /** The largest payload accepted; a larger length in a header means corruption. */
    static final int MAX_PAYLOAD = 64 << 20;
    static final String SUFFIX = ".wal";

    /** One segment file and the versions it holds. */
    static final class Segment {
        final long id;
        final Path path;
        long lastVersion = -1;
        long size;

        Segment(long id, Path path) {
            this.id = id;
            this.path = path;
        }
    }

    /** Receives each valid record during recovery. */
    interface RecordSink {
        void accept(long version, byte[] payload);
    }

    private LogSegments() {}

    static Path pathOf(Path dir, long id) {
        return dir.resolve(String.format("%016d%s", id, SUFFIX));
    }

    /** Writes one record's header and payload into {@code buf}, which must have room. */
    static void encode(ByteBuffer buf, long version, byte[] payload) {
        CRC32C crc = new CRC32C();
        int start = buf.position();
        buf.putInt(payload.length).putInt(0).putLong(version).put(payload);
        crc.update(buf.duplicate().position(start + 8).limit(start + 16));
        crc.update(payload);
        buf.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Reads every segment in {@code dir} in order, handing valid records to {@code sink}. At the
     * first torn or corrupt record the segment is truncated there and later segments are renamed
     * to {@code .corrupt}; the returned warning says so.
     *
     * @return the segments kept, oldest first, and a warning or {@code null}
     */
    static Recovery recover(Path dir, RecordSink sink) throws IOException {
        List<Segment> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().forEach(p -> {
                String name = p.getFileName().toString();
                try {
                    segments.add(new Segment(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p));
                } catch (NumberFormatException e) {
                    throw new CairnException(ErrorCode.DATA_CORRUPT, "unexpected file in log directory: " + p);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        String warning = null;
        long lastVersion = -1;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            long[] state = {lastVersion};
            String problem = readSegment(s, state, sink);
            lastVersion = state[0];
            if (problem != null) {
                long dropped = Files.size(s.path) - s.size;
                try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.WRITE)) {
                    ch.truncate(s.size);
                    ch.force(true);
                }
                int later = 0;
                for (int j = segments.size() - 1; j > i; j--) {
                    Segment x = segments.remove(j);
                    dropped += Files.size(x.path);
                    Files.move(x.path, x.path.resolveSibling(x.path.getFileName() + ".corrupt"),
                            StandardCopyOption.REPLACE_EXISTING);
                    later++;
                }
                warning = "log " + s.path + " had a " + problem + " at byte " + s.size + "; truncated " + dropped
                        + " bytes there" + (later > 0 ? " and set aside " + later + " later segment(s) as .corrupt" : "")
                        + "; records from there on were not applied (a torn tail holds only unacknowledged commits)";
                break;
            }
        }
        return new Recovery(segments, warning, lastVersion);
    }

    /**
     * Checks every segment in {@code dir} without changing anything, adding one sentence per
     * problem to {@code problems}. A torn record at the end of the newest segment is not a problem
     * (it may be an append in progress, or a crash the next open repairs). Segments deleted while
     * checking are skipped.
     *
     * @return the number of records and of bytes checked
     */
    static long[] verify(Path dir, List<String> problems) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        long[] counts = new long[2];
        long[] lastVersion = {-1};
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            String name = p.getFileName().toString();
            Segment s;
            try {
                s = new Segment(Long.parseLong(name.substring(0, name.length() - SUFFIX.length())), p);
            } catch (NumberFormatException e) {
                problems.add("log: unexpected file " + p);
                continue;
            }
            String problem;
            try {
                problem = readSegment(s, lastVersion, (v, payload) -> counts[0]++);
            } catch (java.nio.file.NoSuchFileException e) {
                continue;
            }
            counts[1] += s.size;
            boolean tornTail = problem != null && problem.startsWith("torn") && i == files.size() - 1;
            if (problem != null && !tornTail) {
                problems.add("log: segment " + p + " has a " + problem + " at byte " + s.size);
            }
        }
        return counts;
    }

    /** The outcome of {@link #recover}. */
    record Recovery(List<Segment> segments, String warning, long lastVersion) {}

    /** Reads one segment; returns a description of the first problem, or {@code null}. */
    private static String readSegment(Segment s, long[] lastVersion, RecordSink sink) throws IOException {
        try (FileChannel ch = FileChannel.open(s.path, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer header = ByteBuffer.allocate(HEADER).order(ByteOrder.BIG_ENDIAN);
            long pos = 0;
            CRC32C crc = new CRC32C();
            while (pos < fileSize) {
                if (fileSize - pos < HEADER) {
                    return "torn record header";
                }
                header.clear();
                readFully(ch, header, pos);
                int length = header.getInt(0);
                int expected = header.getInt(4);
                long version = header.getLong(8);
                if (length < 0 || length > MAX_PAYLOAD) {
                    return "corrupt record length " + length;
                }
                if (fileSize - pos - HEADER < length) {
                    return "torn record";
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(ch, payload, pos + HEADER);
                crc.reset();
                crc.update(header.array(), 8, 8);
                crc.update(payload.array(), 0, length);
                if ((int) crc.getValue() != expected) {
                    return "record with a bad checksum";
                }
                if (version <= lastVersion[0]) {
                    return "record whose version " + version + " does not follow " + lastVersion[0];
                }
                sink.accept(version, payload.array());
                lastVersion[0] = version;
                s.lastVersion = version;
                pos += HEADER + length;
                s.size = pos;
            }
            return null;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of " + ch);
            }
        }
        buf.flip();
    }

    /** Makes a new file's directory entry durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
