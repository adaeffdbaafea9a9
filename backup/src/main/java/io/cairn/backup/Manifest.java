package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a complete backup: where it came from, which version it holds, and every chunk
 * with its checksum and counts. Immutable.
 *
 * @param formatVersion the format version, {@link BackupFormat#VERSION} when written by this code
 * @param databaseId the identifier of the database backed up
 * @param snapshotVersion the committed version every pair in the backup was read at
 * @param snapshotTime when the snapshot was taken
 * @param finishedTime when the last chunk was written
 * @param ranges the key ranges backed up, begin inclusive, end exclusive, ascending
 * @param keyCount the number of pairs in all chunks
 * @param rawBytes the key and value bytes of all pairs
 * @param storedBytes the bytes of all chunk files
 * @param chunks every chunk, in key order
 */
public record Manifest(int formatVersion, String databaseId, long snapshotVersion, Instant snapshotTime,
        Instant finishedTime, List<Range> ranges, long keyCount, long rawBytes, long storedBytes,
        List<ChunkInfo> chunks) {

    /** Copies the lists. */
    public Manifest {
        ranges = List.copyOf(ranges);
        chunks = List.copyOf(chunks);
    }

    /** This manifest as the JSON document stored in {@code manifest.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", BackupFormat.FORMAT_NAME);
        m.put("formatVersion", (long) formatVersion);
        m.put("databaseId", databaseId);
        m.put("snapshotVersion", snapshotVersion);
        m.put("snapshotTime", snapshotTime.toString());
        m.put("finishedTime", finishedTime.toString());
        m.put("compression", "zlib, or none for chunks that do not compress");
        m.put("checksum", "crc32c");
        List<Object> rs = new ArrayList<>();
        for (Range r : ranges) {
            rs.add(rangeJson(r));
        }
        m.put("ranges", rs);
        m.put("keyCount", keyCount);
        m.put("rawBytes", rawBytes);
        m.put("storedBytes", storedBytes);
        List<Object> cs = new ArrayList<>();
        for (ChunkInfo c : chunks) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("file", c.file());
            j.putAll(rangeJson(c.range()));
            j.put("keys", c.keys());
            j.put("rawBytes", c.rawBytes());
            j.put("storedBytes", c.storedBytes());
            j.put("crc32c", c.crcHex());
            cs.add(j);
        }
        m.put("chunks", cs);
        return m;
    }

    private static Map<String, Object> rangeJson(Range r) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("begin", Hex.encode(r.begin()));
        j.put("end", Hex.encode(r.end()));
        return j;
    }

    /**
     * Reads the manifest of the backup in {@code backupDir}.
     *
     * @throws CairnException {@code io_error} (1510) when the manifest is missing or unreadable,
     *     {@code data_corrupt} (1511) when it is malformed or inconsistent, naming the field
     */
    public static Manifest read(Path backupDir) {
        Path file = backupDir.resolve(BackupFormat.MANIFEST);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "backup " + backupDir + " has no " + BackupFormat.MANIFEST
                    + ": it is incomplete (interrupted or still running) or not a backup");
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | java.time.DateTimeException e) {
            throw new CairnException(ErrorCode.DATA_CORRUPT, "manifest " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Parses and checks a manifest document; throws {@link IllegalArgumentException} naming what is wrong. */
    static Manifest parse(String text) {
        if (!(Json.parse(text) instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!BackupFormat.FORMAT_NAME.equals(m.get("format"))) {
            throw new IllegalArgumentException("field 'format' is not '" + BackupFormat.FORMAT_NAME + "'");
        }
        int version = (int) num(m, "formatVersion");
        if (version < 1 || version > BackupFormat.VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported (this cairn reads "
                    + "up to " + BackupFormat.VERSION + ")");
        }
        List<Range> ranges = new ArrayList<>();
        for (Object o : list(m, "ranges")) {
            ranges.add(range((Map<?, ?>) o, "ranges"));
        }
        List<ChunkInfo> chunks = new ArrayList<>();
        long keys = 0;
        long raw = 0;
        long stored = 0;
        for (Object o : list(m, "chunks")) {
            Map<?, ?> c = (Map<?, ?>) o;
            String file = str(c, "file");
            if (!BackupFormat.isChunkFile(file)) {
                throw new IllegalArgumentException("chunk file name '" + file + "' is not of the form chunks/NNNNNNNN.chunk");
            }
            String crc = str(c, "crc32c");
            if (!crc.matches("[0-9a-f]{8}")) {
                throw new IllegalArgumentException("chunk " + file + ": crc32c '" + crc + "' is not 8 hex digits");
            }
            ChunkInfo ci = new ChunkInfo(file, range(c, file), num(c, "keys"), num(c, "rawBytes"),
                    num(c, "storedBytes"), Integer.parseUnsignedInt(crc, 16));
            keys += ci.keys();
            raw += ci.rawBytes();
            stored += ci.storedBytes();
            chunks.add(ci);
        }
        Manifest man = new Manifest(version, str(m, "databaseId"), num(m, "snapshotVersion"),
                Instant.parse(str(m, "snapshotTime")), Instant.parse(str(m, "finishedTime")), ranges,
                num(m, "keyCount"), num(m, "rawBytes"), num(m, "storedBytes"), chunks);
        if (man.keyCount != keys || man.rawBytes != raw || man.storedBytes != stored) {
            throw new IllegalArgumentException("totals (keys " + man.keyCount + ", raw bytes " + man.rawBytes
                    + ", stored bytes " + man.storedBytes + ") differ from the sums over its chunks (" + keys + ", "
                    + raw + ", " + stored + ")");
        }
        return man;
    }

    private static Range range(Map<?, ?> m, String where) {
        try {
            return new Range(Hex.decode(str(m, "begin")), Hex.decode(str(m, "end")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static long num(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof Long v) || v < 0) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a non-negative integer");
        }
        return v;
    }

    private static String str(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a string");
        }
        return s;
    }

    private static List<?> list(Map<?, ?> m, String field) {
        if (!(m.get(field) instanceof List<?> l)) {
            throw new IllegalArgumentException("field '" + field + "' is missing or not a list");
        }
        return l;
    }
}
