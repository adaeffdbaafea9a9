package io.cairn.core;

import java.util.TreeMap;

/**
 * The read versions of open transactions, so that versions nobody reads can leave memory before
 * the MVCC window ends. Its monitor also orders handing out a read version against the
 * checkpointer choosing how far to move data into the backend. Thread-safe.
 */
final class ReadVersions {
    private final TreeMap<Long, int[]> held = new TreeMap<>();

    /** Registers and returns the newest committed version, read while holding the monitor. */
    synchronized long acquire(Engine engine) {
        long v = engine.lastApplied();
        held.computeIfAbsent(v, k -> new int[1])[0]++;
        return v;
    }

    /** Releases one registration of {@code version}; unknown versions are ignored. */
    synchronized void release(long version) {
        int[] n = held.get(version);
        if (n != null && --n[0] == 0) {
            held.remove(version);
        }
    }

    /** The oldest registered version, or {@link Long#MAX_VALUE} when none. Caller holds the monitor. */
    long oldest() {
        return held.isEmpty() ? Long.MAX_VALUE : held.firstKey();
    }
}
