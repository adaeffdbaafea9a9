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

    RemoteOpener(ClusterFile.Cluster cluster, Messages.Consistency consistency, int requestTimeoutMillis) {
        this.cluster = cluster;
        RemoteDatabase.Options o = RemoteDatabase.Options.of(ClusterConnector.parseList(String.join(",", cluster.addresses())))
                .withConsistency(consistency)
                .withRequestTimeoutMillis(requestTimeoutMillis);
        this.db = RemoteDatabase.connect(o);
    }

    @Override
    public Database database() {
        return db;
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
