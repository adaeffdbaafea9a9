package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEntry;
import java.math.BigInteger;
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
 * <p>Where to put {@code lo} is guessed by reading keys as base-256 fractions: the next window
 * starts one previous window's width below the current upper bound; a window with too many
 * entries is halved, an empty one doubled downward. Memory stays bounded by the window size;
 * the cost is about two forward steps and one seek per {@value #WINDOW} entries on evenly
 * spread keys, plus a few halvings for the first window. Keys that differ only by trailing
 * zero bytes share a fraction and cannot be split; such a group (at most one key per length) is
 * read whole.
 *
 * <p>Not thread-safe.
 */
final class ReverseScanner {
    /** The most entries one window holds (unless a group of keys cannot be split). */
    static final int WINDOW = 64;

    private final PinnedView view;
    private final byte[] begin;
    /** Exclusive upper bound of what is left; {@code null} means no bound. */
    private byte[] upper;
    /** The width of the last window, as a fraction scaled by 256^widthBytes; null before the first. */
    private BigInteger width;
    private int widthBytes;

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
        byte[] lo = guessLowerBound();
        List<StorageEntry> found = new ArrayList<>(WINDOW + 1);
        while (true) {
            found.clear();
            view.scan(null, false, lo, upper, WINDOW + 1, found);
            if (found.size() > WINDOW) {
                byte[] mid = between(lo, upper);
                if (mid == null) {
                    found.clear();
                    view.scan(null, false, lo, upper, Integer.MAX_VALUE, found);
                    return emit(lo, found, out);
                }
                lo = mid;
            } else if (found.isEmpty()) {
                if (Arrays.compareUnsigned(lo, begin) <= 0) {
                    upper = begin;
                    return false;
                }
                byte[] below = widenBelow(lo, upper);
                upper = lo;
                lo = below;
            } else {
                return emit(lo, found, out);
            }
        }
    }

    private boolean emit(byte[] lo, List<StorageEntry> found, List<StorageEntry> out) {
        rememberWidth(lo, upper, found.size());
        upper = lo;
        for (int i = found.size() - 1; i >= 0; i--) {
            out.add(found.get(i));
        }
        return Arrays.compareUnsigned(lo, begin) > 0;
    }

    private byte[] guessLowerBound() {
        if (width == null) {
            return begin;
        }
        int p = Math.max(Math.max(length(upper), begin.length), widthBytes) + 1;
        BigInteger candidate = fraction(upper, p).subtract(width.shiftLeft(8 * (p - widthBytes)));
        return clampAboveBegin(candidate, p, upper);
    }

    private void rememberWidth(byte[] lo, byte[] up, int entries) {
        int p = Math.max(lo.length, length(up)) + 1;
        BigInteger w = fraction(up, p).subtract(fraction(lo, p));
        if (w.signum() <= 0) {
            width = null;
            return;
        }
        // A sparse window suggests a wider next one.
        width = entries < WINDOW / 4 ? w.shiftLeft(1) : w;
        widthBytes = p;
    }

    /** A key strictly between lo and up in key order, near the middle; null when none can be found. */
    static byte[] between(byte[] lo, byte[] up) {
        int p = Math.max(lo.length, length(up)) + 1;
        BigInteger a = fraction(lo, p);
        BigInteger c = fraction(up, p);
        if (c.subtract(a).compareTo(BigInteger.TWO) < 0) {
            p++;
            a = a.shiftLeft(8);
            c = c.shiftLeft(8);
            if (c.subtract(a).compareTo(BigInteger.TWO) < 0) {
                return null;
            }
        }
        byte[] mid = toKey(a.add(c).shiftRight(1), p);
        boolean strictlyBetween = Arrays.compareUnsigned(lo, mid) < 0
                && (up == null || Arrays.compareUnsigned(mid, up) < 0);
        return strictlyBetween ? mid : null;
    }

    /** A key below {@code lo} by twice the distance from lo to up, but not below begin. */
    private byte[] widenBelow(byte[] lo, byte[] up) {
        int p = Math.max(Math.max(lo.length, length(up)), begin.length) + 1;
        BigInteger l = fraction(lo, p);
        BigInteger distance = fraction(up, p).subtract(l).max(BigInteger.ONE);
        return clampAboveBegin(l.subtract(distance.shiftLeft(1)), p, lo);
    }

    /** The key for {@code candidate}, or begin when that is not strictly above begin and below {@code limit}. */
    private byte[] clampAboveBegin(BigInteger candidate, int p, byte[] limit) {
        if (candidate.compareTo(fraction(begin, p)) <= 0) {
            return begin;
        }
        byte[] key = toKey(candidate, p);
        if (Arrays.compareUnsigned(key, begin) <= 0 || (limit != null && Arrays.compareUnsigned(key, limit) >= 0)) {
            return begin;
        }
        return key;
    }

    private static int length(byte[] key) {
        return key == null ? 0 : key.length;
    }

    /** {@code key} read as a base-256 fraction scaled by 256^p; a null key is 1 (above every key). */
    static BigInteger fraction(byte[] key, int p) {
        if (key == null) {
            return BigInteger.ONE.shiftLeft(8 * p);
        }
        byte[] padded = Arrays.copyOf(key, p);
        return new BigInteger(1, padded);
    }

    /** The shortest key whose fraction scaled by 256^p is {@code value}: p bytes minus trailing zeros. */
    static byte[] toKey(BigInteger value, int p) {
        byte[] raw = value.toByteArray();
        byte[] key = new byte[p];
        int copy = Math.min(raw.length, p);
        System.arraycopy(raw, raw.length - copy, key, p - copy, copy);
        int n = p;
        while (n > 0 && key[n - 1] == 0) {
            n--;
        }
        return Arrays.copyOf(key, n);
    }
}
