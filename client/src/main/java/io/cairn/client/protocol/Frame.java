package io.cairn.client.protocol;

/**
 * One protocol frame.
 *
 * @param typeCode the raw type byte (see {@link MessageType}); kept raw so that a server can
 *     answer an unknown type with an error instead of dropping the connection
 * @param flags reserved, zero for now
 * @param requestId the id the response echoes
 * @param deadlineMillis how long the sender will wait for an answer, 0 for no deadline
 * @param payload the message body
 */
public record Frame(int typeCode, int flags, long requestId, int deadlineMillis, byte[] payload) {
    /** Bytes in a frame before the payload, not counting the length field. */
    public static final int HEADER_SIZE = 1 + 1 + 8 + 4;

    /** A frame of a known type with no flags. */
    public static Frame of(MessageType type, long requestId, int deadlineMillis, byte[] payload) {
        return new Frame(type.code(), 0, requestId, deadlineMillis, payload);
    }

    /** The type, or {@code null} when the type byte is not known to this version. */
    public MessageType type() {
        return MessageType.of(typeCode);
    }
}
