package io.cairn.storage;

/** A failure of a storage backend, with a {@link Kind} the engine maps to an error code. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** Reading or writing files failed. */
        IO,
        /** Stored data failed a checksum or could not be decoded. */
        CORRUPT,
        /** The directory is locked by another process or engine. */
        LOCKED,
        /** The engine, snapshot or iterator was closed. */
        CLOSED,
        /** An argument or option was not valid (unknown backend, bad option, ...). */
        INVALID
    }

    private final Kind kind;

    /** Creates an exception of the given kind. */
    public StorageException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** Creates an exception of the given kind with a cause. */
    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }
}
