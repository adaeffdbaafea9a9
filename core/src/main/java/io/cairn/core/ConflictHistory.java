package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest version at which each part of the key space was written, for the optimistic
 * conflict check: a step function over keys kept as boundaries, each mapping to the version of
 * the last write covering {@code [boundary, next boundary)}.
 *
 * <p>Writes at or before the horizon passed to {@link #prune} are forgotten (counted as version
 * 0), which is safe because the engine rejects read versions older than the horizon. Not
 * thread-safe: only the apply thread uses it.
 */
final class ConflictHistory {
    private final TreeMap<byte[], Long> boundaries = new TreeMap<>(Bytes::compare);
    private long horizon;
    private int sizeAfterPrune;

    /** Records that {@code range} was written at {@code version}, newer than every earlier write. */
    void add(Range range, long version) {
        byte[] begin = range.begin();
        byte[] end = range.end();
        if (Bytes.compare(begin, end) >= 0) {
            return;
        }
        long atEnd = versionAt(end);
        boundaries.subMap(begin, true, end, false).clear();
        boundaries.put(begin, version);
        boundaries.putIfAbsent(end, atEnd);
    }

    /** The newest write version anywhere in {@code range}, 0 when none is remembered. */
    long newestWrite(Range range) {
        byte[] begin = range.begin();
        byte[] end = range.end();
        if (Bytes.compare(begin, end) >= 0) {
            return 0;
        }
        long max = versionAt(begin);
        for (long v : boundaries.subMap(begin, false, end, false).values()) {
            max = Math.max(max, v);
        }
        return max;
    }

    private long versionAt(byte[] key) {
        Map.Entry<byte[], Long> e = boundaries.floorEntry(key);
        return e == null ? 0 : e.getValue();
    }

    /**
     * Forgets writes at or before {@code newHorizon}. Cheap when called often: the history is only
     * compacted once it has doubled since the last compaction.
     */
    void prune(long newHorizon) {
        if (newHorizon <= horizon) {
            return;
        }
        horizon = newHorizon;
        if (boundaries.size() < Math.max(1024, 2 * sizeAfterPrune)) {
            return;
        }
        long previous = 0;
        for (Iterator<Map.Entry<byte[], Long>> it = boundaries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<byte[], Long> e = it.next();
            long v = e.getValue() <= horizon ? 0 : e.getValue();
            if (v == previous) {
                it.remove();
            } else {
                e.setValue(v);
                previous = v;
            }
        }
        sizeAfterPrune = boundaries.size();
    }

    /** The number of boundaries held, a measure of memory use. */
    int size() {
        return boundaries.size();
    }
}
