package io.cairn.backup;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.List;

/** Range arithmetic for backups: clipping to user keys, intersection, checks. Thread-safe (stateless). */
final class Ranges {
    private Ranges() {}

    /** The part of {@code a} that is also in {@code b}; may be empty. */
    static Range intersect(Range a, Range b) {
        byte[] begin = Bytes.compare(a.begin(), b.begin()) >= 0 ? a.begin() : b.begin();
        byte[] end = Bytes.compare(a.end(), b.end()) <= 0 ? a.end() : b.end();
        return new Range(begin, end);
    }

    /** Whether {@code a} and {@code b} share a key. */
    static boolean overlaps(Range a, Range b) {
        return !a.isEmpty() && !b.isEmpty() && !intersect(a, b).isEmpty();
    }

    /** Whether every key of {@code inner} is in {@code outer}. */
    static boolean within(Range inner, Range outer) {
        return inner.isEmpty() || Bytes.compare(outer.begin(), inner.begin()) <= 0
                && Bytes.compare(inner.end(), outer.end()) <= 0;
    }

    /**
     * Checks backup ranges: each within the user keys and non-empty, none overlapping; returns
     * them in key order.
     *
     * @throws CairnException {@code invalid_argument} (2000) naming the offending range
     */
    static List<Range> normalize(List<Range> ranges) {
        if (ranges.isEmpty()) {
            return List.of(Range.ALL);
        }
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort((x, y) -> Bytes.compare(x.begin(), y.begin()));
        for (int i = 0; i < sorted.size(); i++) {
            Range r = sorted.get(i);
            if (r.isEmpty()) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "range " + r + " is empty: its end must be "
                        + "greater than its begin");
            }
            if (!within(r, Range.ALL)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "range " + r + " reaches into the system keys "
                        + "(from \\xff on); end it at \\xff at most");
            }
            if (i > 0 && overlaps(sorted.get(i - 1), r)) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "ranges " + sorted.get(i - 1) + " and " + r
                        + " overlap");
            }
        }
        return sorted;
    }
}
