package io.cairn.backup;

import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/**
 * Collects the pairs of one chunk and encodes them into chunk file bytes: magic, then a zlib
 * stream of {@code varint length, key, varint length, value} records. Not thread-safe; hand a
 * full builder to another thread to {@link #seal} it.
 */
final class ChunkBuilder {
    /** The file bytes of a sealed chunk and what the manifest needs about them. */
    record Sealed(byte[] bytes, int length, int crc32c) {}

    private byte[] buf;
    private int size;
    private long keys;
    private long rawBytes;
    private byte[] firstKey;

    ChunkBuilder(int capacity) {
        buf = new byte[capacity];
    }

    /** Appends one pair; keys must come in strictly ascending order. */
    void add(byte[] key, byte[] value) {
        ensure(key.length + value.length + 10);
        if (firstKey == null) {
            firstKey = key.clone();
        }
        size = putVarint(buf, size, key.length);
        System.arraycopy(key, 0, buf, size, key.length);
        size += key.length;
        size = putVarint(buf, size, value.length);
        System.arraycopy(value, 0, buf, size, value.length);
        size += value.length;
        keys++;
        rawBytes += key.length + value.length;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    static int putVarint(byte[] b, int pos, int v) {
        while ((v & ~0x7F) != 0) {
            b[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        b[pos++] = (byte) v;
        return pos;
    }

    long keys() {
        return keys;
    }

    long rawBytes() {
        return rawBytes;
    }

    /** The first key added, or null when empty. */
    byte[] firstKey() {
        return firstKey;
    }

    /** Compresses the records at {@code level} and checksums the resulting file bytes. */
    Sealed seal(int level) {
        Deflater d = new Deflater(level);
        try {
            d.setInput(buf, 0, size);
            d.finish();
            byte[] out = new byte[BackupFormat.CHUNK_MAGIC.length + size / 2 + 64];
            System.arraycopy(BackupFormat.CHUNK_MAGIC, 0, out, 0, BackupFormat.CHUNK_MAGIC.length);
            int n = BackupFormat.CHUNK_MAGIC.length;
            while (!d.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += d.deflate(out, n, out.length - n);
            }
            CRC32C crc = new CRC32C();
            crc.update(out, 0, n);
            return new Sealed(out, n, (int) crc.getValue());
        } finally {
            d.end();
        }
    }
}
