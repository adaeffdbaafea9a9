package io.cairn.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts client connections and serves the wire protocol, one thread per connection.
 *
 * <p>A connection that misbehaves (malformed or oversize frame, wrong protocol version, stalling
 * mid-frame) is answered with an error and closed; every other connection is unaffected.
 * Thread-safe; {@link #close()} stops accepting and closes every connection.
 */
public final class ProtocolServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProtocolServer.class.getName());

    private final ServerOptions options;
    private final NodeService service;
    private final ServerSocket serverSocket;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Binds {@code listen} (port 0 picks a free port) and starts accepting.
     *
     * @throws IOException when the address cannot be bound; the message names it
     */
    public ProtocolServer(InetSocketAddress listen, NodeService service, ServerOptions options) throws IOException {
        this.options = options;
        this.service = service;
        this.serverSocket = options.tls() == null ? new ServerSocket()
                : options.tls().getServerSocketFactory().createServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(listen, 512);
        } catch (IOException e) {
            serverSocket.close();
            throw new IOException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        this.acceptor = new Thread(this::acceptLoop, "cairn-accept-" + localAddress().getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The address actually bound. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    /** The number of open client connections. */
    public int connectionCount() {
        return connections.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (SocketException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "accept failed", e);
                continue;
            }
            ServerConnection c = new ServerConnection(s, service, options, connections);
            boolean full = connections.size() >= options.maxConnections();
            connections.add(c);
            c.start(full);
        }
    }

    /**
     * Closes every client connection open now, as a network fault would (requests in flight get no
     * answer); keeps accepting new ones. For fault injection. Returns how many were closed.
     */
    int dropConnections() {
        int n = 0;
        for (ServerConnection c : connections) {
            c.close();
            n++;
        }
        return n;
    }

    /** Stops accepting and closes every connection; requests in flight get no answer. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
        for (ServerConnection c : connections) {
            c.close();
        }
    }
}
