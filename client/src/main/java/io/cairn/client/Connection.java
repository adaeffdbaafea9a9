package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.FrameCodec;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One pipelined connection to a node: many requests may be in flight, each answered by id.
 *
 * <p>Thread-safe. A daemon thread reads responses; when the connection breaks, every request in
 * flight fails with {@link ErrorCode#UNAVAILABLE} and the connection reports itself closed.
 * Requests sent by several threads at once leave in one write: whichever sender holds the socket
 * writes every frame queued by then and flushes once.
 */
public final class Connection implements AutoCloseable {
    /** How much longer than a request's deadline the client waits for the server's own answer. */
    static final int DEADLINE_GRACE_MILLIS = 1000;
    /** How often each open connection looks for requests past their deadline. */
    private static final long DEADLINE_SWEEP_MILLIS = 100;
    /** One daemon thread for every connection's deadline sweep, instead of a timer per request. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-client-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** A request waiting for its answer; {@code expiresNanos} is 0 when it has no deadline. */
    private record Pending(CompletableFuture<Frame> future, long expiresNanos, int deadlineMillis) {}

    private final InetSocketAddress address;
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final FrameCodec codec;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Frames sent but not written yet; written by whichever sender holds {@link #writeLock}. */
    private final ConcurrentLinkedQueue<Frame> outbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Messages.HelloOk hello;
    private final ScheduledFuture<?> sweep;
    private volatile boolean closed;

    private Connection(InetSocketAddress address, Socket socket, FrameCodec codec, Messages.HelloOk hello,
                       DataInputStream in, OutputStream out) {
        this.address = address;
        this.socket = socket;
        this.codec = codec;
        this.hello = hello;
        this.in = in;
        this.out = out;
        Thread reader = new Thread(this::readLoop, "cairn-client-" + address);
        reader.setDaemon(true);
        reader.start();
        this.sweep = DEADLINES.scheduleWithFixedDelay(this::expireOverdue, DEADLINE_SWEEP_MILLIS,
                DEADLINE_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects and performs the handshake; blocks up to {@code timeoutMillis}.
     *
     * @throws CairnException {@link ErrorCode#UNAVAILABLE} when the node cannot be reached or
     *     refuses the handshake (the message says why, e.g. an unsupported protocol version)
     */
    public static Connection open(InetSocketAddress address, String clientName, int timeoutMillis) {
        return open(address, clientName, timeoutMillis, null);
    }

    /**
     * Like {@link #open(InetSocketAddress, String, int)}, over TLS with {@code tls} unless it is
     * {@code null}. The node's certificate must be trusted by {@code tls} and name the host
     * connected to (DNS name or IP address); otherwise the handshake fails with
     * {@link ErrorCode#UNAVAILABLE} and a message saying so.
     */
    public static Connection open(InetSocketAddress address, String clientName, int timeoutMillis, SSLContext tls) {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.setSoTimeout(timeoutMillis);
            if (tls != null) {
                socket = handshake(tls, socket, address);
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            FrameCodec codec = new FrameCodec(FrameCodec.DEFAULT_MAX_FRAME_SIZE);
            byte[] helloBody = new Messages.Hello(Messages.MAGIC, Messages.PROTOCOL_VERSION, Messages.PROTOCOL_VERSION,
                    clientName).encode();
            codec.write(out, Frame.of(MessageType.HELLO, 0, timeoutMillis, helloBody));
            if (tls == null) {
                refuseTlsAnswer(in);
            }
            Frame reply = codec.read(in);
            if (reply == null) {
                throw new IOException("the node closed the connection during the handshake");
            }
            if (reply.type() == MessageType.ERROR) {
                Messages.ErrorReply e = Messages.ErrorReply.decode(reply.payload());
                throw new IOException("the node refused the handshake: " + e.message());
            }
            if (reply.type() != MessageType.HELLO_OK) {
                throw new ProtocolException("expected HELLO_OK, got type " + reply.typeCode());
            }
            Messages.HelloOk ok = Messages.HelloOk.decode(reply.payload());
            socket.setSoTimeout(0);
            return new Connection(address, socket, new FrameCodec(ok.maxFrameSize()), ok, in, out);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new CairnException(ErrorCode.UNAVAILABLE, "no answer from " + address + " within "
                    + timeoutMillis + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new CairnException(ErrorCode.UNAVAILABLE, "cannot connect to " + address + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a clear reason when a node answered a plain handshake with a TLS record. */
    private static void refuseTlsAnswer(DataInputStream in) throws IOException {
        in.mark(2);
        int type = in.read();
        int major = in.read();
        in.reset();
        // TLS records start with a content type (21 alert, 22 handshake) and major version 3.
        if ((type == 21 || type == 22) && major == 3) {
            throw new IOException("the node serves TLS; connect with TLS (--tls-ca FILE, or --tls to trust the JDK's"
                    + " certificate authorities)");
        }
    }

    private static Socket handshake(SSLContext tls, Socket plain, InetSocketAddress address) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        SSLParameters p = ssl.getSSLParameters();
        // Check that the certificate names the host we meant to reach, as HTTPS clients do.
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
        try {
            ssl.startHandshake();
        } catch (SSLException e) {
            closeQuietly(ssl);
            throw new IOException("TLS handshake failed (" + e.getMessage() + "); check that the node serves TLS and"
                    + " that its certificate is trusted (tls-ca) and names " + address.getHostString(), e);
        }
        return ssl;
    }

    /** The node's greeting: its name, cluster name and limits. */
    public Messages.HelloOk hello() {
        return hello;
    }

    /** The address this connection goes to. */
    public InetSocketAddress address() {
        return address;
    }

    /** Whether the connection has been closed or has broken. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends a request; the future completes with the response frame (possibly an
     * {@link MessageType#ERROR}), or exceptionally with a {@link CairnException}: 1200
     * unavailable when the connection breaks, 1031 when no answer comes within the deadline
     * (which the server enforces too); a deadline of 0 waits as long as the connection lives.
     */
    public CompletableFuture<Frame> send(MessageType type, byte[] payload, int deadlineMillis) {
        CompletableFuture<Frame> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(unavailable("connection to " + address + " is closed"));
            return f;
        }
        try {
            codec.checkSize(payload.length);
        } catch (ProtocolException e) {
            f.completeExceptionally(new CairnException(ErrorCode.TRANSACTION_TOO_LARGE, e.getMessage(), e));
            return f;
        }
        long id = nextId.getAndIncrement();
        // The server enforces the deadline itself and answers 1031; waiting a little longer here lets
        // that answer arrive, and still bounds the wait when the server cannot answer at all.
        long expires = deadlineMillis <= 0 ? 0
                : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis + DEADLINE_GRACE_MILLIS);
        pending.put(id, new Pending(f, expires, deadlineMillis));
        if (closed) {
            // The connection broke after the check above; fail() may not have seen this request.
            if (pending.remove(id) != null) {
                f.completeExceptionally(unavailable("connection to " + address + " is closed"));
            }
            return f;
        }
        outbox.add(Frame.of(type, id, deadlineMillis, payload));
        writeOutbox();
        return f;
    }

    /**
     * Writes the queued frames unless another sender is writing, in which case that sender writes
     * them: it looks at the queue again after it lets go of the lock, so no frame is left behind.
     */
    private void writeOutbox() {
        while (!outbox.isEmpty() && writeLock.tryLock()) {
            try {
                boolean wrote = false;
                for (Frame frame; (frame = outbox.poll()) != null; ) {
                    if (!closed) {
                        codec.append(out, frame);
                        wrote = true;
                    }
                    // On a closed connection the frame is dropped; fail() has failed its request.
                }
                if (wrote) {
                    out.flush();
                }
            } catch (IOException e) {
                fail("sending to " + address + " failed: " + e.getMessage());
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Fails the requests whose deadline (plus the grace) has passed; runs on the sweep thread. */
    private void expireOverdue() {
        if (pending.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.deadlineMillis() > 0 && now - p.expiresNanos() > 0 && pending.remove(e.getKey(), p)) {
                p.future().completeExceptionally(new CairnException(ErrorCode.TRANSACTION_TIMED_OUT,
                        "no answer from " + address + " within " + p.deadlineMillis() + " ms"));
            }
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                Frame frame = codec.read(in);
                if (frame == null) {
                    throw new IOException("the node closed the connection");
                }
                Pending p = pending.remove(frame.requestId());
                if (p != null) {
                    p.future().complete(frame);
                }
            }
        } catch (IOException e) {
            fail("connection to " + address + " lost: " + e.getMessage());
        }
    }

    private void fail(String message) {
        closed = true;
        sweep.cancel(false);
        closeQuietly(socket);
        outbox.clear();
        for (Long id : pending.keySet()) {
            Pending p = pending.remove(id);
            if (p != null) {
                p.future().completeExceptionally(unavailable(message));
            }
        }
    }

    private static CairnException unavailable(String message) {
        return new CairnException(ErrorCode.UNAVAILABLE, message);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Closing a broken socket can fail; there is nothing left to release.
        }
    }

    /** Closes the connection; requests in flight fail with {@link ErrorCode#UNAVAILABLE}. */
    @Override
    public void close() {
        if (!closed) {
            fail("connection to " + address + " lost: closed by the client");
        }
    }
}
