package io.cairn.server;

import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link ProtocolServer}.
 *
 * @param nodeName this node's name, sent in the handshake
 * @param clusterName the cluster's name, sent in the handshake
 * @param maxFrameSize the largest frame accepted, in bytes
 * @param frameTimeoutMillis how long a client may take to send the rest of a frame it started;
 *     a client that stalls longer is disconnected
 * @param maxConnections connections beyond this are refused with an error
 * @param tls the TLS context clients connect with (see {@link io.cairn.client.Tls#server}), or
 *     {@code null} for plain TCP
 */
public record ServerOptions(String nodeName, String clusterName, int maxFrameSize, int frameTimeoutMillis,
                            int maxConnections, SSLContext tls) {
    /** Defaults for a node called {@code nodeName} in {@code clusterName}, over plain TCP. */
    public static ServerOptions defaults(String nodeName, String clusterName) {
        return new ServerOptions(nodeName, clusterName, io.cairn.client.protocol.FrameCodec.DEFAULT_MAX_FRAME_SIZE,
                10_000, 4096, null);
    }

    /** A copy with another frame timeout. */
    public ServerOptions withFrameTimeoutMillis(int millis) {
        return new ServerOptions(nodeName, clusterName, maxFrameSize, millis, maxConnections, tls);
    }

    /** A copy with another maximum frame size. */
    public ServerOptions withMaxFrameSize(int bytes) {
        return new ServerOptions(nodeName, clusterName, bytes, frameTimeoutMillis, maxConnections, tls);
    }

    /** A copy serving TLS with {@code context} ({@code null}: plain TCP). */
    public ServerOptions withTls(SSLContext context) {
        return new ServerOptions(nodeName, clusterName, maxFrameSize, frameTimeoutMillis, maxConnections, context);
    }
}
