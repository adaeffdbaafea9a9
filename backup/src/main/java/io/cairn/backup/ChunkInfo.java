package io.cairn.backup;

import io.cairn.api.Range;

/**
 * What the manifest records about one chunk file.
 *
 * @param file the path relative to the backup directory, e.g. {@code chunks/00000000.chunk}
 * @param range the keys the chunk covers, begin inclusive, end exclusive; chunks of one backup
 *     range tile it without gaps
 * @param keys how many pairs the chunk holds
 * @param rawBytes the sum of the key and value lengths of its pairs
 * @param storedBytes the size of the chunk file
 * @param crc32c the CRC32C of the whole chunk file
 */
public record ChunkInfo(String file, Range range, long keys, long rawBytes, long storedBytes, int crc32c) {
    /** The checksum as 8 hex digits, as manifests and messages show it. */
    public String crcHex() {
        return String.format("%08x", crc32c);
    }
}
