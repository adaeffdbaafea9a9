package io.cairn.api;

/**
 * Atomic operations applied at commit time without reading the key, so they add no read conflict.
 *
 * <p>Integers are little-endian and of the parameter's length (as in FoundationDB); a missing
 * value counts as zero, and an existing value is truncated or zero-extended to that length.
 */
public enum MutationType {
    /** Adds the parameter to the stored integer, wrapping on overflow. */
    ADD,
    /** Stores the smaller of the stored and given unsigned little-endian integers. */
    MIN,
    /** Stores the larger of the stored and given unsigned little-endian integers. */
    MAX,
    /** Clears the key when its value equals the parameter. */
    COMPARE_AND_CLEAR,
    /** Sets the key to the parameter when it has no value. */
    SET_IF_ABSENT
}
