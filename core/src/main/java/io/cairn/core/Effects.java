package io.cairn.core;

import io.cairn.api.Range;
import java.util.List;

/**
 * What one committed transaction did to the data, with atomic operations already resolved: range
 * clears first, then point writes that win over them. Immutable.
 *
 * @param version the commit version
 * @param clears ranges cleared, begin inclusive, end exclusive
 * @param keys keys written, ascending
 * @param values the new value of each key, {@code null} for a removal
 */
record Effects(long version, List<Range> clears, byte[][] keys, byte[][] values) {
    /** Approximate bytes these effects hold in memory, for the MVCC window's budget. */
    long bytes() {
        long n = 64;
        for (Range r : clears) {
            n += r.begin().length + r.end().length + 48;
        }
        for (int i = 0; i < keys.length; i++) {
            n += keys[i].length + (values[i] == null ? 0 : values[i].length) + 96;
        }
        return n;
    }
}
