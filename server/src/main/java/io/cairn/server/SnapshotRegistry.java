package io.cairn.server;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The long-lived snapshots this node holds open for clients, each named by a number and closed
 * when its client closes it or after it has not been used for the idle expiry, so that a client
 * that vanished leaks nothing for long.
 *
 * <p>Thread-safe. Expiry happens in {@link #expireIdle()}, which the node calls periodically.
 */
final class SnapshotRegistry implements AutoCloseable {
    /** Pairs per read when the client asks for the server's batch size. */
    static final int DEFAULT_BATCH = 10_000;
    /** Key and value bytes after which a read stops early, keeping answers well below the frame limit. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private final Database.Snapshots snapshots;
    private final long idleNanos;
    private final LongSupplier clock;
    private final Map<Long, Entry> open = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(System.nanoTime() & 0xFFFF_FFFFL);

    private static final class Entry {
        final Database.LongSnapshot snapshot;
        volatile long lastUsed;

        Entry(Database.LongSnapshot snapshot, long now) {
            this.snapshot = snapshot;
            this.lastUsed = now;
        }
    }

    /** A registry over {@code snapshots} that closes a snapshot idle for {@code idleMillis}, timed by {@code clock} (ns). */
    SnapshotRegistry(Database.Snapshots snapshots, long idleMillis, LongSupplier clock) {
        this.snapshots = snapshots;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.clock = clock;
    }

    /** A snapshot opened here, and the number clients name it by. */
    record Opened(long id, Database.LongSnapshot snapshot) {}

    /** Opens a snapshot and registers it; blocks while the database opens it. */
    Opened open() {
        return register(snapshots.openSnapshot());
    }

    /** Registers a snapshot opened elsewhere (a replica copy); the registry closes it like its own. */
    Opened register(Database.LongSnapshot s) {
        long id = ids.incrementAndGet();
        open.put(id, new Entry(s, clock.getAsLong()));
        return new Opened(id, s);
    }

    /**
     * Up to {@code limit} pairs of {@code [begin, end)} (0: the default batch), stopping early after
     * {@link #MAX_BATCH_BYTES}; marks the snapshot used. Blocks while reading.
     *
     * @throws CairnException {@code invalid_argument} (2000) when no snapshot has {@code id}
     */
    NodeService.RangeResult read(long id, byte[] begin, byte[] end, int limit) {
        Entry e = entry(id);
        int max = limit == 0 ? DEFAULT_BATCH : limit;
        List<KeyValue> pairs = new ArrayList<>(Math.min(max, DEFAULT_BATCH));
        long bytes = 0;
        boolean more = false;
        if (Bytes.compare(begin, end) < 0) {
            try (KeyValueIterator it = e.snapshot.iterate(new Range(begin, end))) {
                while (it.hasNext()) {
                    if (pairs.size() >= max || bytes >= MAX_BATCH_BYTES) {
                        more = true;
                        break;
                    }
                    KeyValue kv = it.next();
                    pairs.add(kv);
                    bytes += kv.key().length + kv.value().length;
                }
            }
        }
        e.lastUsed = clock.getAsLong();
        return new NodeService.RangeResult(pairs, more);
    }

    /**
     * Open snapshot {@code id}, marked used.
     *
     * @throws CairnException {@code invalid_argument} (2000) when no snapshot has {@code id}
     */
    Database.LongSnapshot get(long id) {
        return entry(id).snapshot;
    }

    /** Closes snapshot {@code id}; whether it was still open. */
    boolean close(long id) {
        Entry e = open.remove(id);
        if (e != null) {
            e.snapshot.close();
        }
        return e != null;
    }

    /** Closes every snapshot unused for the idle expiry; how many it closed. */
    int expireIdle() {
        long now = clock.getAsLong();
        int closed = 0;
        for (Iterator<Map.Entry<Long, Entry>> it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Entry> e = it.next();
            if (now - e.getValue().lastUsed >= idleNanos) {
                it.remove();
                e.getValue().snapshot.close();
                closed++;
            }
        }
        return closed;
    }

    /** How many snapshots are open. */
    int size() {
        return open.size();
    }

    private Entry entry(long id) {
        Entry e = open.get(id);
        if (e == null) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "unknown snapshot id " + Long.toUnsignedString(id)
                    + ": it was never opened on this node, was closed, or expired after "
                    + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s without use");
        }
        e.lastUsed = clock.getAsLong();
        return e;
    }

    /** Closes every open snapshot. */
    @Override
    public void close() {
        open.keySet().forEach(this::close);
    }
}
