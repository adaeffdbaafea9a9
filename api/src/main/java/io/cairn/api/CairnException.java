package io.cairn.api;

/**
 * The one exception type of Cairn: an {@link ErrorCode} and a message that names the key, limit
 * or path involved.
 *
 * <p>Use the predicates rather than subclasses: {@link #isRetryable()} tells whether running the
 * transaction again may succeed; {@link #isMaybeCommitted()} whether a failed commit may still
 * have been applied.
 */
public class CairnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode error;

    /** Creates an exception with the given code and message. */
    public CairnException(ErrorCode error, String message) {
        super(message);
        this.error = error;
    }

    /** Creates an exception with the given code, message and cause. */
    public CairnException(ErrorCode error, String message, Throwable cause) {
        super(message, cause);
        this.error = error;
    }

    /** The error code. */
    public ErrorCode error() {
        return error;
    }

    /** The numeric error code, e.g. 1020. */
    public int code() {
        return error.code();
    }

    /** Whether running the transaction again may succeed. */
    public boolean isRetryable() {
        return error.isRetryable();
    }

    /** Whether a failed commit may nevertheless have been applied. */
    public boolean isMaybeCommitted() {
        return error.isMaybeCommitted();
    }

    @Override
    public String toString() {
        return error.label() + " (" + error.code() + "): " + getMessage();
    }
}
