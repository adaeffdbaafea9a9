package io.cairn.client.protocol;

import java.io.IOException;

/** A peer sent bytes that are not a valid frame or message; the connection cannot go on. */
public class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception naming what was malformed. */
    public ProtocolException(String message) {
        super(message);
    }
}
