package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The newest version at which each part of the key space was written, for the optimistic
 * conflict check. Single-key writes, the common case, are kept as key to version; wider ranges as
 * a step function over keys whose boundaries map to the version of the last write covering
 * {@code [boundary, next boundary)}.
 *
 * <p>Writes at or before the horizon passed to {@link #prune} are forgotten (counted as version
 * 0), which is safe because the engine rejects read versions older than the horizon. Not
 * thread-safe: only the apply thread uses it.
 */
final class ConflictHistory {
    private final TreeMap<byte[], Long> points = new TreeMap<>(Bytes::compare);
    private final TreeMap<byte[], Long> boundaries = new TreeMap<>(Bytes::compare);
    private long horizon;
    private int sizeAfterPrune;

    /** Whether {@code [begin, end)} holds exactly the key {@code begin}. */
    private static boolean isSingleKey(byte[] begin, byte[] end) {
        return end.length == begin.length + 1 && end[begin.length] == 0
                && java.util.Arrays.equals(begin, 0, begin.length, end, 0, begin.length);
    }

    /** Records that {@code range} was written at {@code version}, newer than every earlier write. */
    void add(Range range, long version) {
        byte[] begin = range.begin();
        byte[] end = range.end();
        if (Bytes.compare(begin, end) >= 0) {
            return;
        }
        if (isSingleKey(begin, end)) {
            points.put(begin, version);
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
        if (!boundaries.isEmpty()) {
            for (long v : boundaries.subMap(begin, false, end, false).values()) {
                max = Math.max(max, v);
            }
        }
        if (isSingleKey(begin, end)) {
            Long v = points.get(begin);
            return v == null ? max : Math.max(max, v);
        }
        for (long v : points.subMap(begin, true, end, false).values()) {
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
        if (size() < Math.max(1024, 2 * sizeAfterPrune)) {
            return;
        }
        points.values().removeIf(v -> v <= horizon);
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
        sizeAfterPrune = size();
    }

    /** Forgets everything, as a new history. */
    void clear() {
        points.clear();
        boundaries.clear();
        horizon = 0;
        sizeAfterPrune = 0;
    }

    /** The number of keys and boundaries held, a measure of memory use. */
    int size() {
        return points.size() + boundaries.size();
    }
}
