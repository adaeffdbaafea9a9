package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * Sends requests to a cluster, finding the leader by itself: it follows "wrong leader" answers
 * to the node they name and moves on to the next known node when one is unreachable, with
 * backoff, until the request's deadline.
 *
 * <p>Thread-safe. Requests that are not safe to resend (commits) are never resent after they may
 * have reached a node; their loss is reported as {@link ErrorCode#COMMIT_UNKNOWN_RESULT}.
 */
public final class ClusterConnector implements AutoCloseable {
    private static final long MAX_BACKOFF_MILLIS = 250;

    private final List<InetSocketAddress> seeds;
    private final String clientName;
    private final int connectTimeoutMillis;
    private final SSLContext tls;
    private volatile Connection current;
    private volatile boolean closed;
    private int nextSeed;

    /** A connector over the given node addresses; connects lazily. */
    public ClusterConnector(List<InetSocketAddress> seeds, String clientName, int connectTimeoutMillis) {
        this(seeds, clientName, connectTimeoutMillis, null);
    }

    /** A connector over the given node addresses speaking TLS with {@code tls} ({@code null}: plain TCP). */
    public ClusterConnector(List<InetSocketAddress> seeds, String clientName, int connectTimeoutMillis, SSLContext tls) {
        if (seeds.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "no cluster addresses given");
        }
        this.seeds = List.copyOf(seeds);
        this.clientName = clientName;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.tls = tls;
    }

    /** The TLS context connections use, or {@code null} for plain TCP. */
    public SSLContext tls() {
        return tls;
    }

    /** The addresses this connector knows. */
    public List<InetSocketAddress> seeds() {
        return seeds;
    }

    /**
     * Sends a request and waits for its answer, following leader changes, until
     * {@code deadlineMillis} from now.
     *
     * @param idempotent whether the request may be sent again after it may have reached a node
     * @return the answer frame, never an {@link MessageType#ERROR}
     * @throws CairnException the node's error; 1200 when no node served it in time; 1021 for a
     *     non-idempotent request whose connection broke, or whose answer did not come, after sending
     */
    public Frame call(MessageType type, byte[] payload, int deadlineMillis, boolean idempotent) {
        return answer(type, payload, deadlineMillis, idempotent).frame();
    }

    /** An answer frame and the node that sent it. */
    public record Answer(Frame frame, InetSocketAddress node) {}

    /**
     * Like {@link #call}, and also says which node answered: for node-local state such as an open
     * snapshot, which later requests must reach on that same node. Blocks; thread-safe.
     */
    public Answer answer(MessageType type, byte[] payload, int deadlineMillis, boolean idempotent) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
        CairnException last = null;
        int attempt = 0;
        boolean inDoubt = false; // whether a node may have received the request and not answered
        while (!closed) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                break;
            }
            Connection c;
            try {
                c = connection((int) Math.min(left, connectTimeoutMillis));
            } catch (CairnException e) {
                last = e;
                rotate(null);
                backoff(attempt++, deadline);
                continue;
            }
            Frame f;
            try {
                f = c.send(type, payload, (int) left).get(left + Connection.DEADLINE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                CairnException ce = e.getCause() instanceof CairnException x ? x
                        : new CairnException(ErrorCode.UNAVAILABLE, String.valueOf(e.getCause()), e.getCause());
                if (!idempotent && ce.error() == ErrorCode.TRANSACTION_TIMED_OUT) {
                    throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "no answer from " + c.address()
                            + " in time after sending the commit; it may or may not have been applied", ce);
                }
                if (ce.error() == ErrorCode.UNAVAILABLE) {
                    rotate(c);
                    if (!idempotent) {
                        throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "connection to " + c.address()
                                + " lost after sending the commit; it may or may not have been applied", ce);
                    }
                    last = ce;
                    backoff(attempt++, deadline);
                    continue;
                }
                throw ce;
            } catch (TimeoutException e) {
                inDoubt = true;
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while waiting for " + c.address());
            }
            if (f.type() != MessageType.ERROR) {
                return new Answer(f, c.address());
            }
            Messages.ErrorReply err = decodeError(f);
            ErrorCode code = ErrorCode.of(err.code());
            if (code == ErrorCode.WRONG_LEADER || code == ErrorCode.UNAVAILABLE) {
                // Not served: nothing was applied, so even a commit may go to the leader.
                last = new CairnException(code, err.message());
                redirect(c, err.leaderHint());
                backoff(attempt++, deadline);
                continue;
            }
            throw new CairnException(code, err.message());
        }
        if (closed) {
            throw new CairnException(ErrorCode.DATABASE_CLOSED, "the cluster client is closed");
        }
        // A commit every node refused (no leader, no quorum) was applied nowhere: plainly unavailable.
        throw new CairnException(idempotent || !inDoubt ? ErrorCode.UNAVAILABLE : ErrorCode.COMMIT_UNKNOWN_RESULT,
                "no node of " + seeds + " answered within " + deadlineMillis + " ms"
                        + (last == null ? "" : " (last: " + last.getMessage() + ")"), last);
    }

    /** Sends a request to one node, for per-node commands such as status; no redirects. */
    public Frame callNode(InetSocketAddress node, MessageType type, byte[] payload, int deadlineMillis) {
        try (Connection c = Connection.open(node, clientName, Math.min(deadlineMillis, connectTimeoutMillis), tls)) {
            Frame f = c.send(type, payload, deadlineMillis).get(deadlineMillis + Connection.DEADLINE_GRACE_MILLIS,
                    TimeUnit.MILLISECONDS);
            if (f.type() == MessageType.ERROR) {
                Messages.ErrorReply err = decodeError(f);
                throw new CairnException(ErrorCode.of(err.code()), node + ": " + err.message());
            }
            return f;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof CairnException ce ? ce
                    : new CairnException(ErrorCode.UNAVAILABLE, node + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new CairnException(ErrorCode.UNAVAILABLE, node + " did not answer within " + deadlineMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while waiting for " + node);
        }
    }

    private static Messages.ErrorReply decodeError(Frame f) {
        try {
            return Messages.ErrorReply.decode(f.payload());
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed error from the node: " + e.getMessage());
        }
    }

    private synchronized Connection connection(int timeoutMillis) {
        Connection c = current;
        if (c != null && !c.isClosed()) {
            return c;
        }
        InetSocketAddress target = seeds.get(Math.floorMod(nextSeed, seeds.size()));
        c = Connection.open(target, clientName, timeoutMillis, tls);
        current = c;
        return c;
    }

    private synchronized void rotate(Connection failed) {
        if (failed == null || current == failed) {
            if (current != null) {
                current.close();
            }
            current = null;
            nextSeed++;
        }
    }

    private synchronized void redirect(Connection from, String hint) {
        if (current != from) {
            return;
        }
        from.close();
        current = null;
        if (hint != null && !hint.isEmpty()) {
            InetSocketAddress to = parse(hint);
            if (to != null) {
                try {
                    current = Connection.open(to, clientName, connectTimeoutMillis, tls);
                    return;
                } catch (CairnException e) {
                    // The hinted leader is unreachable too; fall back to the next seed.
                }
            }
        }
        nextSeed++;
    }

    /** Parses {@code host:port}; {@code null} when malformed. */
    static InetSocketAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void backoff(int attempt, long deadlineNanos) {
        // Elections take about a second; a longer sleep would only add to the outage clients see.
        long cap = Math.min(MAX_BACKOFF_MILLIS, 10L << Math.min(attempt, 5));
        long sleep = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        try {
            Thread.sleep(Math.max(0, Math.min(sleep, left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Addresses in a list like {@code host:port,host:port}. */
    public static List<InetSocketAddress> parseList(String list) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            InetSocketAddress a = parse(p);
            if (a == null) {
                throw new CairnException(ErrorCode.INVALID_ARGUMENT, "not a host:port address: '" + p + "'");
            }
            out.add(a);
        }
        if (out.isEmpty()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "no addresses in '" + list + "'");
        }
        return out;
    }

    /** Closes the current connection; later calls fail with 1600. */
    @Override
    public synchronized void close() {
        closed = true;
        if (current != null) {
            current.close();
        }
    }
}
