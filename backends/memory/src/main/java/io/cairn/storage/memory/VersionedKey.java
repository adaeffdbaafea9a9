package io.cairn.storage.memory;

import java.util.Arrays;

/**
 * A user key with the sequence number of the batch that wrote it; ordered by key (unsigned bytes),
 * then newest sequence first, so that a forward walk meets the newest version of a key first.
 */
final class VersionedKey implements Comparable<VersionedKey> {
    final byte[] key;
    final long seq;

    VersionedKey(byte[] key, long seq) {
        this.key = key;
        this.seq = seq;
    }

    @Override
    public int compareTo(VersionedKey o) {
        int c = Arrays.compareUnsigned(key, o.key);
        if (c != 0) {
            return c;
        }
        return Long.compare(o.seq, seq);
    }

    boolean sameKey(byte[] other) {
        return Arrays.equals(key, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedKey v && v.seq == seq && Arrays.equals(v.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Long.hashCode(seq);
    }
}
