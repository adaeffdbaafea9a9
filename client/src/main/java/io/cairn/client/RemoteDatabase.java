package io.cairn.client;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.api.txn.BufferedTransaction;
import io.cairn.api.txn.RetryLoop;
import io.cairn.api.txn.RetryPolicy;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.client.protocol.ProtocolException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A {@link Database} in a Cairn cluster, reached over the wire protocol.
 *
 * <p>Transactions buffer their writes on the client and send them in one commit, exactly as an
 * embedded database does; reads go to the cluster at the transaction's read version. With
 * {@link Messages.Consistency#LINEARIZABLE} (the default) read versions are confirmed by the
 * leader with a majority, so a transaction sees every write acknowledged before it began.
 * Thread-safe.
 */
public final class RemoteDatabase implements Database {
    /**
     * How a {@link RemoteDatabase} connects and retries.
     *
     * @param tls the TLS context to connect with (see {@link Tls#client}), or {@code null} for plain TCP
     */
    public record Options(List<InetSocketAddress> nodes, Messages.Consistency consistency, int requestTimeoutMillis,
                          int connectTimeoutMillis, RetryPolicy retryPolicy, String clientName, SSLContext tls) {
        /** Defaults for the given node addresses: linearizable, 10 s per request, 3 s to connect, plain TCP. */
        public static Options of(List<InetSocketAddress> nodes) {
            return new Options(nodes, Messages.Consistency.LINEARIZABLE, 10_000, 3_000, RetryPolicy.DEFAULT, "cairn",
                    null);
        }

        /** A copy with another consistency. */
        public Options withConsistency(Messages.Consistency c) {
            return new Options(nodes, c, requestTimeoutMillis, connectTimeoutMillis, retryPolicy, clientName, tls);
        }

        /** A copy with another per-request timeout. */
        public Options withRequestTimeoutMillis(int millis) {
            return new Options(nodes, consistency, millis, connectTimeoutMillis, retryPolicy, clientName, tls);
        }

        /** A copy with another retry policy. */
        public Options withRetryPolicy(RetryPolicy policy) {
            return new Options(nodes, consistency, requestTimeoutMillis, connectTimeoutMillis, policy, clientName, tls);
        }

        /** A copy connecting over TLS with {@code context} ({@code null}: plain TCP). */
        public Options withTls(SSLContext context) {
            return new Options(nodes, consistency, requestTimeoutMillis, connectTimeoutMillis, retryPolicy, clientName,
                    context);
        }
    }

    private final Options options;
    private final ClusterConnector connector;
    private final RemoteBackend backend;
    private final RemoteSnapshots snapshots;
    private final RemoteMaintenance maintenance;

    private RemoteDatabase(Options options) {
        this.options = options;
        this.connector = new ClusterConnector(options.nodes(), options.clientName(), options.connectTimeoutMillis(),
                options.tls());
        this.backend = new RemoteBackend(connector, options.consistency(), options.requestTimeoutMillis());
        this.snapshots = new RemoteSnapshots(connector, options.clientName(), options.connectTimeoutMillis(),
                options.requestTimeoutMillis());
        RemoteBackend linearizable = new RemoteBackend(connector, Messages.Consistency.LINEARIZABLE,
                options.requestTimeoutMillis());
        this.maintenance = new RemoteMaintenance(connector, linearizable::readVersion);
    }

    /** A database over the cluster whose nodes are {@code options.nodes()}; connects on first use. */
    public static RemoteDatabase connect(Options options) {
        return new RemoteDatabase(options);
    }

    /** The options this database was opened with. */
    public Options options() {
        return options;
    }

    @Override
    public Transaction createTransaction() {
        return new BufferedTransaction(backend);
    }

    /**
     * Runs {@code work} in a transaction and commits it, retrying retryable errors as the retry
     * policy allows. The function may run more than once and must not change outside state.
     * Retries of a commit with an unknown outcome carry the same transaction id, so the cluster
     * applies it at most once. Blocks.
     */
    @Override
    public <T> T run(Function<? super Transaction, T> work) {
        return RetryLoop.run(id -> new BufferedTransaction(backend, id), options.retryPolicy(), work);
    }

    /** Runs {@code work} in a read-only transaction, retrying like {@link #run}; it may run more than once. Blocks. */
    @Override
    public <T> T read(Function<? super ReadTransaction, T> work) {
        return RetryLoop.run(id -> new BufferedTransaction(backend), options.retryPolicy(), work::apply);
    }

    /**
     * Long-lived snapshots on the cluster's leader, which include every write acknowledged before
     * they were opened and stay readable at their version while in use (a node closes one unused
     * for a minute).
     */
    @Override
    public Optional<Snapshots> snapshots() {
        return Optional.of(snapshots);
    }

    /**
     * Compaction on every node, and a check that runs each node's own check and compares the
     * replicas' data at common versions.
     */
    @Override
    public Optional<Maintenance> maintenance() {
        return Optional.of(maintenance);
    }

    /** The status of one node, as name/value pairs. Blocks. */
    public Map<String, String> nodeStatus(InetSocketAddress node) {
        Frame f = connector.callNode(node, MessageType.STATUS, new byte[0], options.requestTimeoutMillis());
        return pairs(f);
    }

    /** Runs an administrative command on one node, without redirects, and returns its result. Blocks. */
    public Map<String, String> adminAt(InetSocketAddress node, String command, List<String> args) {
        Frame f = connector.callNode(node, MessageType.ADMIN, new Messages.Admin(command, args).encode(),
                options.requestTimeoutMillis());
        return pairs(f);
    }

    /** Runs an administrative command on the leader and returns its result. Blocks. */
    public Map<String, String> admin(String command, List<String> args) {
        Frame f = connector.call(MessageType.ADMIN, new Messages.Admin(command, args).encode(),
                options.requestTimeoutMillis(), false);
        return pairs(f);
    }

    private static Map<String, String> pairs(Frame f) {
        try {
            return Messages.Pairs.decode(f.payload()).values();
        } catch (ProtocolException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "malformed answer from the node: " + e.getMessage(), e);
        }
    }

    /** Closes the connections; later calls fail with {@code database_closed} (1600). */
    @Override
    public void close() {
        connector.close();
    }
}
