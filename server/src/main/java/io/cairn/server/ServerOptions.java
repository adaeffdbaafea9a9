package io.cairn.server;

/**
 * Settings of a {@link ProtocolServer}.
 *
 * @param nodeName this node's name, sent in the handshake
 * @param clusterName the cluster's name, sent in the handshake
 * @param maxFrameSize the largest frame accepted, in bytes
 * @param frameTimeoutMillis how long a client may take to send the rest of a frame it started;
 *     a client that stalls longer is disconnected
 * @param maxConnections connections beyond this are refused with an error
 */
public record ServerOptions(String nodeName, String clusterName, int maxFrameSize, int frameTimeoutMillis,
                            int maxConnections) {
    /** Defaults for a node called {@code nodeName} in {@code clusterName}. */
    public static ServerOptions defaults(String nodeName, String clusterName) {
        return new ServerOptions(nodeName, clusterName, io.cairn.client.protocol.FrameCodec.DEFAULT_MAX_FRAME_SIZE,
                10_000, 4096);
    }

    /** A copy with another frame timeout. */
    public ServerOptions withFrameTimeoutMillis(int millis) {
        return new ServerOptions(nodeName, clusterName, maxFrameSize, millis, maxConnections);
    }

    /** A copy with another maximum frame size. */
    public ServerOptions withMaxFrameSize(int bytes) {
        return new ServerOptions(nodeName, clusterName, bytes, frameTimeoutMillis, maxConnections);
    }
}
