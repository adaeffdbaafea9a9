package io.cairn.api.txn;

import io.cairn.api.KeyValue;
import java.util.List;

/**
 * One batch of a range read: rows in the requested order and whether the range may hold more
 * rows after the last one.
 *
 * @param rows the rows read, in key order or reverse key order
 * @param more whether rows beyond the last one may remain in the range
 */
public record RangeBatch(List<KeyValue> rows, boolean more) {
    /** Creates a batch; the list is not copied. */
    public RangeBatch {
        if (rows == null) {
            throw new NullPointerException("rows must not be null");
        }
    }
}
