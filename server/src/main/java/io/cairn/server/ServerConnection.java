package io.cairn.server;

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
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One client connection on the server: handshake, then requests answered as they complete. */
final class ServerConnection {
    private static final Logger LOG = Logger.getLogger(ServerConnection.class.getName());

    private final Socket socket;
    private final NodeService service;
    private final ServerOptions options;
    private final Set<ServerConnection> registry;
    private final FrameCodec codec;
    private final ReentrantLock writeLock = new ReentrantLock();
    private OutputStream out;
    private volatile boolean closed;

    ServerConnection(Socket socket, NodeService service, ServerOptions options, Set<ServerConnection> registry) {
        this.socket = socket;
        this.service = service;
        this.options = options;
        this.registry = registry;
        this.codec = new FrameCodec(options.maxFrameSize());
    }

    void start(boolean refuse) {
        Thread t = new Thread(() -> run(refuse), "cairn-conn-" + socket.getRemoteSocketAddress());
        t.setDaemon(true);
        t.start();
    }

    private void run(boolean refuse) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.frameTimeoutMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            if (refuse) {
                reply(Frame.of(MessageType.ERROR, 0, 0, new Messages.ErrorReply(ErrorCode.UNAVAILABLE.code(),
                        "too many connections (" + options.maxConnections() + ")", "").encode()));
                return;
            }
            if (!handshake(in)) {
                return;
            }
            while (!closed) {
                int first;
                try {
                    first = in.read();
                } catch (SocketTimeoutException idle) {
                    continue; // Idle between frames is fine; only a stall inside a frame is not.
                }
                if (first < 0) {
                    return;
                }
                Frame frame = codec.readRest(first, in);
                dispatch(frame);
            }
        } catch (ProtocolException e) {
            replyQuietly(error(0, ErrorCode.INVALID_ARGUMENT, "malformed frame: " + e.getMessage()));
        } catch (SocketTimeoutException e) {
            replyQuietly(error(0, ErrorCode.TRANSACTION_TIMED_OUT,
                    "frame not completed within " + options.frameTimeoutMillis() + " ms"));
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.FINE, "connection " + socket.getRemoteSocketAddress() + " ended", e);
            }
        } finally {
            close();
        }
    }

    private boolean handshake(DataInputStream in) throws IOException {
        Frame first = codec.read(in);
        if (first == null) {
            return false;
        }
        if (first.type() != MessageType.HELLO) {
            replyQuietly(error(first.requestId(), ErrorCode.INVALID_ARGUMENT,
                    "expected a HELLO frame first, got type " + first.typeCode()));
            return false;
        }
        Messages.Hello hello = Messages.Hello.decode(first.payload());
        if (hello.magic() != Messages.MAGIC) {
            replyQuietly(error(first.requestId(), ErrorCode.INVALID_ARGUMENT, "not a Cairn client (bad magic)"));
            return false;
        }
        int version = Math.min(hello.maxVersion(), Messages.PROTOCOL_VERSION);
        if (version < hello.minVersion() || version < 1) {
            replyQuietly(error(first.requestId(), ErrorCode.INVALID_ARGUMENT, "unsupported protocol version: client speaks "
                    + hello.minVersion() + ".." + hello.maxVersion() + ", this node speaks 1.." + Messages.PROTOCOL_VERSION));
            return false;
        }
        reply(Frame.of(MessageType.HELLO_OK, first.requestId(), 0, new Messages.HelloOk(version, options.nodeName(),
                options.clusterName(), options.maxFrameSize()).encode()));
        return true;
    }

    private void dispatch(Frame frame) {
        long id = frame.requestId();
        CompletableFuture<Frame> response;
        try {
            response = RequestDispatcher.handle(service, frame);
        } catch (ProtocolException e) {
            response = CompletableFuture.completedFuture(error(id, ErrorCode.INVALID_ARGUMENT,
                    "malformed request: " + e.getMessage()));
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        if (frame.deadlineMillis() > 0) {
            response = response.orTimeout(frame.deadlineMillis(), TimeUnit.MILLISECONDS);
        }
        boolean commit = frame.type() == MessageType.COMMIT;
        response.whenComplete((f, e) -> replyQuietly(e == null ? f : errorFor(id, e, commit)));
    }

    private static Frame errorFor(long id, Throwable e, boolean commit) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof NotLeaderException nl) {
            return Frame.of(MessageType.ERROR, id, 0,
                    new Messages.ErrorReply(nl.code(), nl.getMessage(), nl.leaderHint()).encode());
        }
        if (cause instanceof CairnException ce) {
            return error(id, ce.error(), ce.getMessage());
        }
        if (cause instanceof TimeoutException) {
            return commit ? error(id, ErrorCode.COMMIT_UNKNOWN_RESULT, "the request deadline passed on the server while"
                    + " the commit was in progress; it may or may not have been applied")
                    : error(id, ErrorCode.TRANSACTION_TIMED_OUT, "request deadline passed on the server");
        }
        LOG.log(Level.WARNING, "request " + id + " failed", cause);
        return error(id, ErrorCode.INTERNAL_ERROR, String.valueOf(cause));
    }

    static Frame error(long id, ErrorCode code, String message) {
        return Frame.of(MessageType.ERROR, id, 0, new Messages.ErrorReply(code.code(), message, "").encode());
    }

    private void reply(Frame f) throws IOException {
        writeLock.lock();
        try {
            codec.write(out, f);
        } finally {
            writeLock.unlock();
        }
    }

    private void replyQuietly(Frame f) {
        if (closed || out == null) {
            return;
        }
        try {
            reply(f);
        } catch (ProtocolException e) {
            replyQuietly(error(f.requestId(), ErrorCode.TRANSACTION_TOO_LARGE, "response too large: " + e.getMessage()));
        } catch (IOException e) {
            close();
        }
    }

    void close() {
        closed = true;
        registry.remove(this);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
