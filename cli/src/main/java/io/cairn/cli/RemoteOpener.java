package io.cairn.cli;

import io.cairn.api.Database;
import io.cairn.client.ClusterConnector;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the configured cluster as a {@link RemoteDatabase}. */
final class RemoteOpener implements DatabaseOpener.Opened {
    private final ClusterFile.Cluster cluster;
    private final RemoteDatabase db;

    /** Longest wait for one request when the command has no timeout. */
    private static final long MAX_REQUEST_MILLIS = 10_000;

    /**
     * Opens {@code cluster}. With a command timeout, one request waits at most half of it and the
     * retries end just before it, so that a cluster that cannot be reached is reported with the
     * reason (the address refused, no leader) rather than as a bare timeout. {@code tls} is
     * {@code null} for plain TCP.
     */
    RemoteOpener(ClusterFile.Cluster cluster, Messages.Consistency consistency, java.time.Duration commandTimeout,
                 javax.net.ssl.SSLContext tls) {
        this.cluster = cluster;
        long t = commandTimeout.toMillis();
        RemoteDatabase.Options o = RemoteDatabase.Options.of(ClusterConnector.parseList(String.join(",", cluster.addresses())))
                .withConsistency(consistency).withTls(tls);
        if (t > 0) {
            io.cairn.api.txn.RetryPolicy d = io.cairn.api.txn.RetryPolicy.DEFAULT;
            o = o.withRequestTimeoutMillis((int) Math.max(1, Math.min(MAX_REQUEST_MILLIS, t / 2)))
                    .withRetryPolicy(new io.cairn.api.txn.RetryPolicy(d.maxAttempts(),
                            java.time.Duration.ofMillis(Math.max(1, t * 9 / 10)), d.initialBackoff(), d.maxBackoff()));
        }
        this.db = RemoteDatabase.connect(o);
    }

    @Override
    public Database database() {
        return db;
    }

    /** A new {@link RemoteDatabase} with the same options: its own connector, hence its own connection. */
    @Override
    public java.util.Optional<Database> openConnection() {
        return java.util.Optional.of(RemoteDatabase.connect(db.options()));
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cluster", cluster.name().isEmpty() ? null : cluster.name());
        m.put("cluster-source", cluster.source());
        m.put("nodes", cluster.addresses());
        m.put("read-version", db.read(tx -> tx.getReadVersion()));
        return m;
    }
}
