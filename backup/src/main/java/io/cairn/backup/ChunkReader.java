package io.cairn.backup;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one chunk file and checks it against its manifest entry: size, CRC32C, encoding, key
 * order, key range, key count and raw size. Any mismatch fails with {@code data_corrupt} (1511)
 * naming the chunk file. Thread-safe (stateless).
 */
final class ChunkReader {
    private ChunkReader() {}

    /**
     * Reads and checks the chunk {@code info} of the backup in {@code backupDir}; blocks on I/O.
     *
     * @return the chunk's pairs in key order
     * @throws CairnException 1511 when the chunk is missing, damaged or does not match the manifest
     */
    static List<KeyValue> read(Path backupDir, ChunkInfo info) {
        byte[] file = readFile(backupDir, info);
        try {
            return decode(file, info);
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException e) {
            throw corrupt(info, "cannot be decoded: " + e);
        }
    }

    private static byte[] readFile(Path backupDir, ChunkInfo info) {
        byte[] file;
        try {
            file = Files.readAllBytes(backupDir.resolve(info.file()));
        } catch (NoSuchFileException e) {
            throw corrupt(info, "is missing");
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "chunk " + info.file() + " cannot be read: " + e, e);
        }
        if (file.length != info.storedBytes()) {
            throw corrupt(info, (file.length < info.storedBytes() ? "is truncated: " : "has extra bytes: ")
                    + file.length + " bytes, the manifest says " + info.storedBytes());
        }
        CRC32C crc = new CRC32C();
        crc.update(file);
        int actual = (int) crc.getValue();
        if (actual != info.crc32c()) {
            throw corrupt(info, "fails its checksum: crc32c is " + String.format("%08x", actual)
                    + ", the manifest says " + info.crcHex());
        }
        return file;
    }

    private static List<KeyValue> decode(byte[] file, ChunkInfo info) {
        int magic = BackupFormat.CHUNK_MAGIC.length;
        if (file.length < magic + 1 || !Arrays.equals(file, 0, magic, BackupFormat.CHUNK_MAGIC, 0, magic)) {
            throw corrupt(info, "does not start with the chunk magic bytes");
        }
        if (info.rawBytes() > Integer.MAX_VALUE / 2) {
            throw corrupt(info, "claims " + info.rawBytes() + " raw bytes, more than any chunk holds");
        }
        byte[] raw = switch (file[magic]) {
            case BackupFormat.CODEC_STORED -> Arrays.copyOfRange(file, magic + 1, file.length);
            case BackupFormat.CODEC_ZLIB -> inflate(file, magic + 1, (int) (info.rawBytes() + info.keys() * 10), info);
            default -> throw corrupt(info, "has unknown codec " + file[magic]);
        };
        List<KeyValue> out = new ArrayList<>((int) Math.min(info.keys(), 1 << 20));
        int[] pos = {0};
        long rawBytes = 0;
        byte[] prev = null;
        while (pos[0] < raw.length) {
            byte[] key = field(raw, pos, info);
            byte[] value = field(raw, pos, info);
            if (prev != null && Bytes.compare(prev, key) >= 0) {
                throw corrupt(info, "has keys out of order at '" + Bytes.printable(key) + "'");
            }
            if (!info.range().contains(key)) {
                throw corrupt(info, "holds key '" + Bytes.printable(key) + "' outside its range " + info.range());
            }
            prev = key;
            rawBytes += key.length + value.length;
            out.add(new KeyValue(key, value));
        }
        if (out.size() != info.keys() || rawBytes != info.rawBytes()) {
            throw corrupt(info, "holds " + out.size() + " keys and " + rawBytes + " raw bytes, the manifest says "
                    + info.keys() + " and " + info.rawBytes());
        }
        return out;
    }

    private static byte[] inflate(byte[] file, int offset, int bound, ChunkInfo info) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(file, offset, file.length - offset);
            byte[] out = new byte[Math.max(bound, 16)];
            int n = 0;
            while (!inf.finished()) {
                if (n == out.length) {
                    throw corrupt(info, "inflates to more than the " + info.rawBytes() + " raw bytes the manifest says");
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw corrupt(info, "ends in the middle of its compressed data");
                }
                n += k;
            }
            if (inf.getRemaining() != 0) {
                throw corrupt(info, "has " + inf.getRemaining() + " bytes after its compressed data");
            }
            return Arrays.copyOf(out, n);
        } catch (DataFormatException e) {
            throw corrupt(info, "has damaged compressed data: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    private static byte[] field(byte[] b, int[] pos, ChunkInfo info) {
        int len = 0;
        for (int shift = 0; ; shift += 7) {
            if (pos[0] >= b.length || shift > 28) {
                throw corrupt(info, "has a malformed record length");
            }
            int x = b[pos[0]++];
            len |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                break;
            }
        }
        if (len < 0 || len > b.length - pos[0]) {
            throw corrupt(info, "has a record running past its end");
        }
        byte[] f = Arrays.copyOfRange(b, pos[0], pos[0] + len);
        pos[0] += len;
        return f;
    }

    static CairnException corrupt(ChunkInfo info, String what) {
        return new CairnException(ErrorCode.DATA_CORRUPT, "chunk " + info.file() + " " + what);
    }
}
