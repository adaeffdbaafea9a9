package io.cairn.api;

/**
 * The numeric error codes of Cairn, with their stable names and retry properties.
 *
 * <p>Numbers follow FoundationDB's where the meaning is the same, so that people who know one
 * know the other. Numbers and names never change once released; new codes are only added.
 */
public enum ErrorCode {
    /** The read version is older than the MVCC window; retry with a new transaction. */
    TRANSACTION_TOO_OLD(1007, "transaction_too_old", true, false),
    /** Another transaction wrote something this one read; retry. */
    NOT_COMMITTED(1020, "not_committed", true, false),
    /** The commit was sent but its outcome is unknown; it may or may not have been applied. */
    COMMIT_UNKNOWN_RESULT(1021, "commit_unknown_result", true, true),
    /** The transaction was cancelled and can no longer be used. */
    TRANSACTION_CANCELLED(1025, "transaction_cancelled", false, false),
    /** The transaction ran longer than its timeout. */
    TRANSACTION_TIMED_OUT(1031, "transaction_timed_out", false, false),
    /** No server could serve the request in time (no leader, no quorum, connection refused). */
    UNAVAILABLE(1200, "unavailable", true, false),
    /** The request reached a node that does not own the key or is not the leader. */
    WRONG_LEADER(1201, "wrong_leader", true, false),
    /** The database or client was closed. */
    DATABASE_CLOSED(1600, "database_closed", false, false),
    /** The data directory is locked by another process. */
    DATABASE_LOCKED(1601, "database_locked", false, false),
    /** Reading or writing the data directory failed. */
    IO_ERROR(1510, "io_error", false, false),
    /** Stored data failed a checksum or could not be decoded. */
    DATA_CORRUPT(1511, "data_corrupt", false, false),
    /** An argument was not valid (a malformed range, a negative limit, ...). */
    INVALID_ARGUMENT(2000, "invalid_argument", false, false),
    /** The operation is not allowed in the transaction's current state (used after commit, ...). */
    INVALID_OPERATION(2001, "invalid_operation", false, false),
    /** A key is outside the keys users may read and write (it starts with {@code 0xFF}). */
    KEY_OUTSIDE_LEGAL_RANGE(2004, "key_outside_legal_range", false, false),
    /** The transaction's mutations and conflict ranges exceed the size limit. */
    TRANSACTION_TOO_LARGE(2101, "transaction_too_large", false, false),
    /** A key is longer than the limit. */
    KEY_TOO_LARGE(2102, "key_too_large", false, false),
    /** A value is longer than the limit. */
    VALUE_TOO_LARGE(2103, "value_too_large", false, false),
    /** A bug: something that should never happen did. */
    INTERNAL_ERROR(4100, "internal_error", false, false);

    private final int code;
    private final String label;
    private final boolean retryable;
    private final boolean maybeCommitted;

    ErrorCode(int code, String label, boolean retryable, boolean maybeCommitted) {
        this.code = code;
        this.label = label;
        this.retryable = retryable;
        this.maybeCommitted = maybeCommitted;
    }

    /** The stable number of this error. */
    public int code() {
        return code;
    }

    /** The stable snake_case name of this error, as printed by the command line. */
    public String label() {
        return label;
    }

    /** Whether retrying the whole transaction may succeed. */
    public boolean isRetryable() {
        return retryable;
    }

    /** Whether the failed commit may nevertheless have been applied. */
    public boolean isMaybeCommitted() {
        return maybeCommitted;
    }

    /** The error with this number, or {@link #INTERNAL_ERROR} when the number is unknown. */
    public static ErrorCode of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return INTERNAL_ERROR;
    }
}
