package io.cairn.storage.memory;

import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentNavigableMap;

/**
 * Iterates the keys of [begin, end) visible at one sequence number of a {@link MemoryEngine},
 * forward or backward. Not thread-safe; fails with {@code CLOSED} once the engine is closed.
 */
final class MemoryIterator implements StorageIterator {
    private final MemoryEngine engine;
    private final long seq;
    private final boolean reverse;
    private final boolean registered;
    private final Iterator<Map.Entry<VersionedKey, byte[]>> versions;
    private byte[] lastKey;
    private StorageEntry pending;
    private boolean done;

    /**
     * @param registered whether {@code seq} was taken with {@link MemoryEngine#acquire} and must be
     *     released when this iterator closes or runs out
     */
    MemoryIterator(MemoryEngine engine, byte[] begin, byte[] end, boolean reverse, long seq, boolean registered) {
        this.engine = engine;
        this.seq = seq;
        this.reverse = reverse;
        this.registered = registered;
        this.versions = view(engine.versions(), begin, end, reverse);
    }

    private static Iterator<Map.Entry<VersionedKey, byte[]>> view(
            ConcurrentNavigableMap<VersionedKey, byte[]> all, byte[] begin, byte[] end, boolean reverse) {
        VersionedKey from = new VersionedKey(begin, Long.MAX_VALUE);
        ConcurrentNavigableMap<VersionedKey, byte[]> range;
        if (end == null) {
            range = all.tailMap(from, true);
        } else if (Arrays.compareUnsigned(begin, end) >= 0) {
            return Collections.emptyIterator();
        } else {
            // (end, MAX) sorts before every version of end, so all of them are excluded.
            range = all.subMap(from, true, new VersionedKey(end, Long.MAX_VALUE), false);
        }
        return (reverse ? range.descendingMap() : range).entrySet().iterator();
    }

    @Override
    public boolean hasNext() {
        engine.checkOpen();
        if (pending != null) {
            return true;
        }
        if (done) {
            return false;
        }
        while (versions.hasNext()) {
            Map.Entry<VersionedKey, byte[]> e = versions.next();
            VersionedKey vk = e.getKey();
            if (lastKey != null && vk.sameKey(lastKey)) {
                continue;
            }
            byte[] value;
            if (reverse) {
                // Walking backward meets old versions first; a point read resolves the key at once
                // and cannot see a reclaimed version's predecessor without its successor.
                lastKey = vk.key;
                value = engine.read(vk.key, seq);
            } else {
                if (vk.seq > seq) {
                    continue;
                }
                lastKey = vk.key;
                value = e.getValue() == MemoryEngine.TOMBSTONE ? null : e.getValue();
            }
            if (value != null) {
                pending = new StorageEntry(vk.key, value);
                return true;
            }
        }
        finish();
        return false;
    }

    @Override
    public StorageEntry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("iterator is exhausted");
        }
        StorageEntry e = pending;
        pending = null;
        return e;
    }

    private void finish() {
        if (!done) {
            done = true;
            if (registered) {
                engine.release(seq);
            }
        }
    }

    @Override
    public void close() {
        pending = null;
        finish();
    }
}
