package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.FrameCodec;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection on the server: handshake, then requests answered as they complete.
 *
 * <p>A reader thread reads and dispatches requests. Answers ready at once (reads) are written by
 * the reader and flushed when no further request is waiting in its buffer, so pipelined requests
 * are answered in one write. Answers that complete later, on other threads (commits and read
 * versions complete on Raft's thread, which must never wait for a socket), are queued for this
 * connection's writer thread, which writes every queued answer and flushes once.
 */
final class ServerConnection {
    private static final Logger LOG = Logger.getLogger(ServerConnection.class.getName());
    /**
     * Requests of one connection dispatched and not answered yet; past this the reader stops
     * reading until answers leave, so a client that never reads cannot make the server queue
     * answers without bound.
     */
    static final int MAX_IN_FLIGHT = 4096;

    private final Socket socket;
    private final NodeService service;
    private final ServerOptions options;
    private final Set<ServerConnection> registry;
    private final FrameCodec codec;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Answers ({@link Frame}s) and work ({@link Runnable}s) for the writer thread, in arrival order. */
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private OutputStream out;
    private volatile Thread reader;
    private volatile Thread writer;
    /** Whether the reader wrote answers it has not flushed yet; only the reader and writer use it, under the write lock. */
    private boolean unflushed;
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
        reader = t;
        t.start();
    }

    private void run(boolean refuse) {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(options.frameTimeoutMillis());
            FrameInput buffered = new FrameInput(socket.getInputStream());
            DataInputStream in = new DataInputStream(buffered);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            if (refuse) {
                reply(Frame.of(MessageType.ERROR, 0, 0, new Messages.ErrorReply(ErrorCode.UNAVAILABLE.code(),
                        "too many connections (" + options.maxConnections() + ")", "").encode()));
                return;
            }
            if (!handshake(in)) {
                return;
            }
            Thread w = new Thread(this::writeLoop, "cairn-conn-writer-" + socket.getRemoteSocketAddress());
            w.setDaemon(true);
            writer = w;
            w.start();
            while (!closed) {
                if (!buffered.holdsWholeFrame()) {
                    flushReplies(); // The next read may block: what the reader wrote must not wait for it.
                }
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
                while (!inFlight.tryAcquire(options.frameTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                    if (closed) {
                        return;
                    }
                }
                dispatch(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            response = RequestDispatcher.handle(service, frame, outbox::add);
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
        response.whenComplete((f, e) -> answer(e == null ? f : errorFor(id, e, commit)));
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

    /** Writes and flushes at once; for the handshake and the last words before closing. */
    private void reply(Frame f) throws IOException {
        writeLock.lock();
        try {
            codec.write(out, f);
            unflushed = false;
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

    /**
     * Answers a dispatched request: the reader writes its own answers (flushed before it next
     * waits for input), any other thread queues them for the writer. Never blocks other threads.
     */
    private void answer(Frame f) {
        if (closed) {
            inFlight.release();
            return;
        }
        if (Thread.currentThread() != reader) {
            outbox.add(f);
            return;
        }
        writeLock.lock();
        try {
            appendReply(f);
            unflushed = true;
        } catch (IOException e) {
            close();
        } finally {
            writeLock.unlock();
            inFlight.release();
        }
    }

    /** Writes one answer without flushing; an answer too large for a frame becomes an error. Holds the write lock. */
    private void appendReply(Frame f) throws IOException {
        try {
            codec.append(out, f);
        } catch (ProtocolException e) {
            codec.append(out, error(f.requestId(), ErrorCode.TRANSACTION_TOO_LARGE, "response too large: "
                    + e.getMessage()));
        }
    }

    private void flushReplies() throws IOException {
        writeLock.lock();
        try {
            if (unflushed) {
                unflushed = false;
                out.flush();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The writer thread: writes every queued answer, then flushes once, until the connection
     * closes. It also runs queued work (a read after a read version arrived), whose answer it
     * then finds in the queue and writes in the same flush.
     */
    private void writeLoop() {
        try {
            while (!closed) {
                Object item = outbox.take();
                int written = 0;
                writeLock.lock();
                try {
                    do {
                        if (item instanceof Runnable work) {
                            work.run();
                        } else {
                            appendReply((Frame) item);
                            written++;
                        }
                    } while ((item = outbox.poll()) != null);
                    unflushed = false;
                    out.flush();
                } finally {
                    writeLock.unlock();
                    inFlight.release(written);
                }
            }
        } catch (InterruptedException e) {
            // Closed: nothing more to write.
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.FINE, "connection " + socket.getRemoteSocketAddress() + " ended", e);
            }
            close();
        }
    }

    void close() {
        closed = true;
        Thread w = writer;
        if (w != null && w != Thread.currentThread()) {
            w.interrupt();
        }
        registry.remove(this);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
