package io.cairn.commands.bench;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Picks key indices for a workload from a key space of {@code n} keys by a distribution:
 * uniform, zipfian (popular keys scattered over the space) or latest (popular keys are the most
 * recently inserted). Thread-safe: callers pass their own {@link Random}.
 */
final class KeyChooser {
    /** Skew of the zipfian distributions, as in YCSB's core workloads. */
    static final double THETA = 0.99;

    /** The key distributions of {@code --distribution}. */
    enum Distribution { UNIFORM, ZIPFIAN, LATEST }

    private final Distribution distribution;
    private final long n;
    private final AtomicLong inserted;
    private final double zetaN;
    private final double eta;
    private final double alpha;
    private final double halfPowTheta;

    /**
     * A chooser over indices {@code [0, n)}; {@code inserted} counts the keys that exist (at least
     * {@code n}) and grows as a workload inserts, for {@link #next} with {@code LATEST} and {@link #nextInsert}.
     */
    KeyChooser(Distribution distribution, long n, AtomicLong inserted) {
        if (n < 1) {
            throw new IllegalArgumentException("the key space needs at least one key, not " + n);
        }
        this.distribution = distribution;
        this.n = n;
        this.inserted = inserted;
        double zeta2 = 1 + Math.pow(0.5, THETA);
        this.zetaN = zeta(n);
        this.alpha = 1 / (1 - THETA);
        this.eta = (1 - Math.pow(2.0 / n, 1 - THETA)) / (1 - zeta2 / zetaN);
        this.halfPowTheta = Math.pow(0.5, THETA);
    }

    /** The sum of 1/i^theta for i in [1, n]; computed once, in O(n). */
    private static double zeta(long n) {
        double sum = 0;
        for (long i = 1; i <= n; i++) {
            sum += 1 / Math.pow(i, THETA);
        }
        return sum;
    }

    /** The next index to read or update, in {@code [0, inserted)}. */
    long next(Random rnd) {
        return switch (distribution) {
            case UNIFORM -> Math.floorMod(rnd.nextLong(), n);
            case ZIPFIAN -> scatter(rank(rnd.nextDouble()));
            case LATEST -> Math.max(0, inserted.get() - 1 - rank(rnd.nextDouble()));
        };
    }

    /** The number of keys the chooser was made for. */
    long size() {
        return n;
    }

    /** A fresh index past every existing key, for inserts. */
    long nextInsert() {
        return inserted.getAndIncrement();
    }

    /** The zipfian rank (0 most popular) for a uniform {@code u} in [0, 1), after Gray et al. (SIGMOD 1994). */
    long rank(double u) {
        double uz = u * zetaN;
        if (uz < 1) {
            return 0;
        }
        if (uz < 1 + halfPowTheta) {
            return Math.min(1, n - 1);
        }
        long r = (long) (n * Math.pow(eta * u - eta + 1, alpha));
        return Math.min(Math.max(r, 0), n - 1);
    }

    /** Spreads ranks over the key space with a 64-bit FNV-1a hash, so that popular keys are not adjacent. */
    private long scatter(long rank) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < 8; i++) {
            h ^= (rank >>> (i * 8)) & 0xFF;
            h *= 0x100000001b3L;
        }
        return Math.floorMod(h, n);
    }
}
