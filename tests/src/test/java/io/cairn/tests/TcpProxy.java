package io.cairn.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback in front of one address, for dropping client connections mid-request:
 * clients connect to {@link #address()}, each connection is relayed to the target, and
 * {@link #cutAll()} closes every relayed connection at once, whatever is in flight (new connections
 * are still accepted). Closing the proxy stops it. Thread-safe.
 *
 * <p>Only the connections made through it are cut: a client that follows a leader hint to a node's
 * own address bypasses it, so give a client one proxy per node, or a single node, when every
 * connection must go through proxies.
 */
final class TcpProxy implements AutoCloseable {
    private final InetSocketAddress target;
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** Starts a proxy to {@code target} on a free loopback port. */
    TcpProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-" + target.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Where clients connect. */
    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** Closes every connection relayed now, both its client side and its node side; returns how many pairs. */
    int cutAll() {
        int sockets = open.size();
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
        return sockets / 2;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket node;
                try {
                    node = new Socket();
                    node.connect(target, 3_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                node.setTcpNoDelay(true);
                open.add(client);
                open.add(node);
                pump(client, node);
                pump(node, client);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // Cut or closed: the finally below closes both sides.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
        cutAll();
    }
}
