package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEntry;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Produces the entries of [begin, end) of a {@link PinnedView} in descending order, although the
 * LevelDB Java port can only seek and step forward (its {@code prev} and {@code seekToLast} are
 * unsupported).
 *
 * <p>The range is cut from the top into windows [lo, upper) of at most {@value #WINDOW} entries;
 * each window is read forward with one seek and handed out backward, then the next window ends
 * where this one began. Windows tile the range exactly, so every key is returned once.
 *
 * <p>Where to put {@code lo} is computed by reading keys as fractions (see {@link #fraction}):
 * the next window starts one previous window's width below the current upper bound; a window
 * with too many entries is halved, an empty one doubled downward. Memory stays bounded by the
 * window size; on evenly spread keys the cost is about two forward steps and one seek per
 * {@value #WINDOW} entries, plus a few halvings for the first window. When keys crowd into a
 * sliver of key space (long shared prefixes) and {@value #MAX_PROBES} probes do not find a
 * window, one forward walk over the crowded part records where every window starts (one key per
 * {@value #WINDOW} entries of memory) and those windows are served without further probing.
 *
 * <p>Not thread-safe.
 */
final class ReverseScanner {
    /** The most entries one window holds. */
    static final int WINDOW = 64;

    /** Halvings and doublings tried for one window before falling back to a forward walk. */
    static final int MAX_PROBES = 24;

    private static final BigInteger BASE = BigInteger.valueOf(257);

    private final PinnedView view;
    private final byte[] begin;
    /** Exclusive upper bound of what is left; {@code null} means no bound. */
    private byte[] upper;
    /** The current window width, as a fraction scaled by 257^widthDigits; null before the first halving. */
    private BigInteger width;
    private int widthDigits;
    /** Window starts found by a forward walk, ascending; served from the top before probing again. */
    private final ArrayDeque<byte[]> checkpoints = new ArrayDeque<>();

    ReverseScanner(PinnedView view, byte[] begin, byte[] end) {
        this.view = view;
        this.begin = begin;
        this.upper = end;
    }

    /**
     * Appends the next window to {@code out} in descending order; returns whether anything may
     * be left below it.
     */
    boolean nextWindow(List<StorageEntry> out) {
        if (upper != null && Arrays.compareUnsigned(begin, upper) >= 0) {
            return false;
        }
        List<StorageEntry> found = new ArrayList<>(WINDOW + 1);
        if (!checkpoints.isEmpty()) {
            byte[] lo = checkpoints.pollLast();
            view.scan(null, false, lo, upper, Integer.MAX_VALUE, found);
            return emit(lo, found, out);
        }
        byte[] crowded = null;
        for (int probes = 0; ; probes++) {
            byte[] lo = width == null ? begin : lowerBound();
            found.clear();
            view.scan(null, false, lo, upper, WINDOW + 1, found);
            if (found.size() > WINDOW) {
                crowded = lo;
                if (probes >= MAX_PROBES) {
                    // Keys packed into a sliver of key space (long shared prefixes) defeat halving;
                    // walk forward once from a bound known to be below the top and remember window starts.
                    collectCheckpoints(crowded);
                    byte[] first = checkpoints.pollLast();
                    found.clear();
                    view.scan(null, false, first, upper, Integer.MAX_VALUE, found);
                    return emit(first, found, out);
                }
                narrow(lo);
            } else if (found.isEmpty()) {
                if (Arrays.compareUnsigned(lo, begin) <= 0) {
                    upper = begin;
                    return false;
                }
                upper = lo;
                width = width.shiftLeft(1);
            } else {
                if (width != null && found.size() < WINDOW / 4) {
                    // A sparse window suggests a wider next one.
                    width = width.shiftLeft(1);
                }
                return emit(lo, found, out);
            }
        }
    }

    private boolean emit(byte[] lo, List<StorageEntry> found, List<StorageEntry> out) {
        upper = lo;
        for (int i = found.size() - 1; i >= 0; i--) {
            out.add(found.get(i));
        }
        return Arrays.compareUnsigned(lo, begin) > 0;
    }

    /** Records the start of every run of {@value #WINDOW} keys in [from, upper), ascending. */
    private void collectCheckpoints(byte[] from) {
        Object owner = new Object();
        List<StorageEntry> chunk = new ArrayList<>(WINDOW);
        checkpoints.addLast(from);
        boolean first = true;
        boolean more = true;
        while (more) {
            chunk.clear();
            more = view.scan(owner, !first, from, upper, WINDOW, chunk);
            first = false;
            if (more) {
                // The next chunk starts right after this one; its first key is unknown yet, so the
                // boundary is the smallest key after the last one read.
                byte[] last = chunk.get(chunk.size() - 1).key();
                checkpoints.addLast(Arrays.copyOf(last, last.length + 1));
            }
        }
    }

    /** Halves the window that started at {@code lo}; the first time, starts from the whole range. */
    private void narrow(byte[] lo) {
        if (width == null) {
            int p = Math.max(lo.length, length(upper)) + 1;
            width = fraction(upper, p).subtract(fraction(lo, p));
            widthDigits = p;
        }
        if (width.compareTo(BigInteger.ONE) <= 0) {
            width = width.multiply(BASE);
            widthDigits++;
        }
        width = width.shiftRight(1);
    }

    /** The largest key at or below {@code upper} minus the width, but not below begin; always below upper. */
    private byte[] lowerBound() {
        int p = Math.max(Math.max(length(upper), begin.length), widthDigits) + 1;
        BigInteger scaled = width.multiply(BASE.pow(p - widthDigits));
        BigInteger candidate = fraction(upper, p).subtract(scaled);
        if (candidate.compareTo(fraction(begin, p)) <= 0) {
            return begin;
        }
        return toKey(candidate, p);
    }

    private static int length(byte[] key) {
        return key == null ? 0 : key.length;
    }

    /**
     * {@code key} as a fraction in base 257 scaled by 257^p: byte b is digit b+1 and the key ends
     * with digit 0, so the map keeps key order and is one-to-one (a key and the same key with a
     * zero byte appended differ). A null key is 1, above every key. Exact when p exceeds the length.
     */
    static BigInteger fraction(byte[] key, int p) {
        if (key == null) {
            return BASE.pow(p);
        }
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < p; i++) {
            int digit = i < key.length ? (key[i] & 0xFF) + 1 : 0;
            v = v.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        return v;
    }

    /** The largest key of fewer than p bytes whose fraction is at most {@code value} (0 <= value < 257^p). */
    static byte[] toKey(BigInteger value, int p) {
        int[] digits = new int[p];
        BigInteger v = value;
        for (int i = p - 1; i >= 0; i--) {
            BigInteger[] qr = v.divideAndRemainder(BASE);
            digits[i] = qr[1].intValue();
            v = qr[0];
        }
        int n = 0;
        while (n < p && digits[n] != 0) {
            n++;
        }
        byte[] key = new byte[n];
        for (int i = 0; i < n; i++) {
            key[i] = (byte) (digits[i] - 1);
        }
        return key;
    }
}
