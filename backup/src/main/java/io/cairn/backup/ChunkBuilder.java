package io.cairn.backup;

import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/**
 * Collects the pairs of one chunk and encodes them into chunk file bytes as
 * {@link BackupFormat} describes: magic, codec, then {@code varint length, key, varint length,
 * value} records, stored or zlib-compressed. Not thread-safe; hand a full builder to another
 * thread to {@link #seal} it.
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

    /** The least saving, in percent of a sample, for which a chunk is compressed. */
    static final int MIN_SAVING_PERCENT = 10;
    private static final int SAMPLE_BYTES = 64 << 10;

    /**
     * Encodes the records into chunk file bytes and checksums them: zlib-compressed at
     * {@code level}, or stored as they are when a sample of them does not shrink by at least
     * {@link #MIN_SAVING_PERCENT} percent, which spares the cost of deflating random data.
     */
    Sealed seal(int level) {
        int head = BackupFormat.CHUNK_MAGIC.length + 1;
        byte[] out;
        int n;
        if (level == 0 || !worthCompressing(level)) {
            out = new byte[head + size];
            out[head - 1] = BackupFormat.CODEC_STORED;
            System.arraycopy(buf, 0, out, head, size);
            n = out.length;
        } else {
            Deflater d = new Deflater(level);
            try {
                d.setInput(buf, 0, size);
                d.finish();
                out = new byte[head + size / 2 + 64];
                out[head - 1] = BackupFormat.CODEC_ZLIB;
                n = head;
                while (!d.finished()) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    n += d.deflate(out, n, out.length - n);
                }
            } finally {
                d.end();
            }
        }
        System.arraycopy(BackupFormat.CHUNK_MAGIC, 0, out, 0, head - 1);
        CRC32C crc = new CRC32C();
        crc.update(out, 0, n);
        return new Sealed(out, n, (int) crc.getValue());
    }

    private boolean worthCompressing(int level) {
        int sample = Math.min(size, SAMPLE_BYTES);
        if (sample == 0) {
            return false;
        }
        Deflater d = new Deflater(level);
        try {
            d.setInput(buf, 0, sample);
            d.finish();
            byte[] scratch = new byte[sample];
            int n = 0;
            while (!d.finished() && n < sample) {
                n += d.deflate(scratch, n, sample - n);
            }
            return d.finished() && n * 100L <= sample * (100L - MIN_SAVING_PERCENT);
        } finally {
            d.end();
        }
    }
}
