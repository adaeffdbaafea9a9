package io.cairn.backup;

import java.nio.charset.StandardCharsets;

/**
 * The names and constants of the backup format, version {@value #VERSION}.
 *
 * <p>A backup root directory holds one directory per backup, named
 * {@code backup-yyyyMMdd-HHmmss-SSS} (UTC, so names sort by start time). A backup directory holds
 * {@code chunks/NNNNNNNN.chunk} files and, once complete, {@code manifest.json}, which is written
 * last and atomically; while a backup runs, its process holds {@code in-progress.lock}.
 *
 * <p>A chunk file is the 8 magic bytes {@code CAIRNCK1}, one codec byte ({@value #CODEC_STORED}:
 * stored, {@value #CODEC_ZLIB}: zlib stream), then the records, each {@code varint keyLength,
 * key, varint valueLength, value}, keys strictly ascending. Chunks whose data does not compress
 * are stored. The
 * manifest names each chunk's key range, key count, raw and stored sizes and the CRC32C of the
 * whole file.
 */
public final class BackupFormat {
    /** The format version written in every manifest; readers refuse newer versions. */
    public static final int VERSION = 1;
    /** The {@code format} field of every manifest. */
    public static final String FORMAT_NAME = "cairn-backup";
    /** The manifest's file name inside a backup directory. */
    public static final String MANIFEST = "manifest.json";
    /** The lock file a running backup holds inside its directory. */
    public static final String IN_PROGRESS = "in-progress.lock";
    /** The directory of chunk files inside a backup directory. */
    public static final String CHUNKS = "chunks";
    /** The prefix of every backup directory's name. */
    public static final String NAME_PREFIX = "backup-";
    /** The first bytes of every chunk file. */
    static final byte[] CHUNK_MAGIC = "CAIRNCK1".getBytes(StandardCharsets.US_ASCII);
    /** Codec byte of a chunk whose records follow as they are. */
    static final byte CODEC_STORED = 0;
    /** Codec byte of a chunk whose records follow as one zlib stream. */
    static final byte CODEC_ZLIB = 1;
    /** Default raw bytes (keys plus values) per chunk. */
    public static final int DEFAULT_CHUNK_BYTES = 4 << 20;

    private BackupFormat() {}

    /** The relative path of chunk number {@code index}, e.g. {@code chunks/00000007.chunk}. */
    static String chunkFile(int index) {
        return String.format("%s/%08d.chunk", CHUNKS, index);
    }

    /** Whether {@code file} is a chunk path as {@link #chunkFile} writes it (no other path is ever read). */
    static boolean isChunkFile(String file) {
        return file.matches(CHUNKS + "/[0-9]{8}\\.chunk");
    }
}
