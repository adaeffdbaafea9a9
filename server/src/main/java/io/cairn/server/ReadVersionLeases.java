package io.cairn.server;

import io.cairn.api.txn.TransactionBackend;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Read versions handed to remote clients, each registered with the engine for one MVCC window.
 *
 * <p>The engine keeps a version readable while a reader holds it, and a remote transaction's reader
 * lives on the client, which may vanish without a word; so each read version given out is held for
 * the window, then released. A remote transaction can therefore read exactly at its version for the
 * window's length, as an embedded one can. Thread-safe.
 */
final class ReadVersionLeases implements AutoCloseable {
    private record Lease(long expiresNanos, long version) {}

    private final TransactionBackend engine;
    private final long windowNanos;
    private final ConcurrentLinkedQueue<Lease> leases = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService sweeper;

    ReadVersionLeases(TransactionBackend engine, Duration window) {
        this.engine = engine;
        this.windowNanos = window.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-read-leases");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::releaseExpired, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** The newest committed version, held readable for one window. */
    long acquire() {
        long v = engine.readVersion();
        leases.add(new Lease(System.nanoTime() + windowNanos, v));
        return v;
    }

    /** Leases held now. */
    int size() {
        return leases.size();
    }

    private void releaseExpired() {
        long now = System.nanoTime();
        for (Lease l = leases.peek(); l != null && l.expiresNanos - now <= 0; l = leases.peek()) {
            if (leases.remove(l)) {
                engine.releaseReadVersion(l.version);
            }
        }
    }

    /** Releases every lease and stops the sweeper. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        for (Lease l; (l = leases.poll()) != null; ) {
            engine.releaseReadVersion(l.version);
        }
    }
}
