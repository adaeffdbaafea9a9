package io.cairn.cli;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;

/** Opens the embedded database in the configured data directory. */
final class EmbeddedOpener implements DatabaseOpener {
    @Override
    public Opened open(Settings settings, Environment env) {
        throw new CairnException(ErrorCode.UNAVAILABLE, "the embedded engine is not part of this build yet");
    }
}
