/**
 * The Cairn wire protocol: length-prefixed binary frames over TCP.
 *
 * <p>Every frame is {@code u32 length | u8 type | u8 flags | u64 requestId | u32 deadlineMillis |
 * payload}, big-endian, where {@code length} counts the bytes after itself and never exceeds the
 * negotiated maximum frame size. A connection opens with a {@link MessageType#HELLO} frame that
 * carries a magic number and the range of protocol versions the client speaks; the server answers
 * {@link MessageType#HELLO_OK} with the version chosen, or an {@link MessageType#ERROR} and closes.
 * Requests carry ids so that many may be in flight on one connection (pipelining); responses
 * carry the id of their request and may come back in any order.
 */
package io.cairn.client.protocol;
