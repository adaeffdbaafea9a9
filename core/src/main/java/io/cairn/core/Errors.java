package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.storage.StorageException;

/** Maps storage failures to {@link CairnException}s with the matching code. Thread-safe (stateless). */
final class Errors {
    private Errors() {}

    /** The Cairn error for a storage failure, keeping its message and cause. */
    static CairnException of(StorageException e) {
        ErrorCode code = switch (e.kind()) {
            case IO -> ErrorCode.IO_ERROR;
            case CORRUPT -> ErrorCode.DATA_CORRUPT;
            case LOCKED -> ErrorCode.DATABASE_LOCKED;
            case CLOSED -> ErrorCode.DATABASE_CLOSED;
            case INVALID -> ErrorCode.INVALID_ARGUMENT;
        };
        return new CairnException(code, e.getMessage(), e);
    }
}
