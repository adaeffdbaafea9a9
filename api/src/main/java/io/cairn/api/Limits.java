package io.cairn.api;

/** Size limits enforced by every database; exceeding one is an error, never a truncation. */
public final class Limits {
    /** Largest key, in bytes (error 2102). */
    public static final int MAX_KEY_SIZE = 10_000;
    /** Largest value, in bytes (error 2103). */
    public static final int MAX_VALUE_SIZE = 100_000;
    /** Largest transaction (keys, values and conflict ranges), in bytes (error 2101). */
    public static final int MAX_TRANSACTION_SIZE = 10_000_000;

    private Limits() {}
}
