package io.cairn.ycsb;

import io.cairn.api.Database;
import io.cairn.client.ClusterConnector;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The databases every YCSB thread of this process shares, opened by the first thread's
 * {@code init} and closed by the last thread's {@code cleanup}.
 *
 * <p>YCSB makes one binding instance per thread, but an embedded database belongs to one
 * process and is opened once; a cluster is reached over {@code cairn.connections} connections,
 * handed to threads round-robin. Thread-safe.
 */
final class SharedDatabases {
    /** The settings that select and open the databases. */
    record Target(String cluster, Messages.Consistency consistency, int connections, Path tlsCa, Path dir,
                  String backend, boolean sync) {
        /** Reads the {@code cairn.*} properties; see {@link CairnClient} for their meaning. */
        static Target of(Properties p) {
            String cluster = p.getProperty("cairn.cluster", "").trim();
            String dir = p.getProperty("cairn.dir", "").trim();
            if (cluster.isEmpty() == dir.isEmpty()) {
                throw new IllegalArgumentException("set exactly one of cairn.cluster (HOST:PORT,... of a cluster) "
                        + "and cairn.dir (the data directory of an embedded database)");
            }
            String c = p.getProperty("cairn.consistency", "linearizable").trim().toUpperCase(Locale.ROOT);
            Messages.Consistency consistency;
            try {
                consistency = Messages.Consistency.valueOf(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cairn.consistency must be linearizable or serializable, not "
                        + p.getProperty("cairn.consistency"), e);
            }
            int connections = Integer.parseInt(p.getProperty("cairn.connections", "1").trim());
            if (connections < 1 || (connections > 1 && cluster.isEmpty())) {
                throw new IllegalArgumentException("cairn.connections must be at least 1, and 1 for an embedded "
                        + "database (it has no connections), not " + connections);
            }
            String sync = p.getProperty("cairn.sync", "true").trim();
            if (!sync.equals("true") && !sync.equals("false")) {
                throw new IllegalArgumentException("cairn.sync must be true or false, not " + sync);
            }
            String ca = p.getProperty("cairn.tls-ca", "").trim();
            if (!ca.isEmpty() && cluster.isEmpty()) {
                throw new IllegalArgumentException("cairn.tls-ca is for a cluster (cairn.cluster), not an embedded database");
            }
            return new Target(cluster, consistency, connections, ca.isEmpty() ? null : Path.of(ca),
                    dir.isEmpty() ? null : Path.of(dir),
                    p.getProperty("cairn.backend", DatabaseConfig.DEFAULT_BACKEND).trim(), Boolean.parseBoolean(sync));
        }
    }

    private static final Map<Target, SharedDatabases> OPEN = new HashMap<>();

    private final List<Database> databases;
    private int users;
    private int next;

    private SharedDatabases(List<Database> databases) {
        this.databases = databases;
    }

    /** The next database for a thread of {@code target}, opening them on first use; blocks while opening. */
    static synchronized Database acquire(Target target) {
        SharedDatabases s = OPEN.get(target);
        if (s == null) {
            s = new SharedDatabases(open(target));
            OPEN.put(target, s);
        }
        s.users++;
        return s.databases.get(s.next++ % s.databases.size());
    }

    /** Gives back one thread's use of {@code target}; the last one closes the databases. */
    static synchronized void release(Target target) {
        SharedDatabases s = OPEN.get(target);
        if (s == null) {
            return;
        }
        if (--s.users == 0) {
            OPEN.remove(target);
            s.databases.forEach(Database::close);
        }
    }

    private static List<Database> open(Target t) {
        if (t.dir() != null) {
            try {
                java.nio.file.Files.createDirectories(t.dir());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + t.dir(), e);
            }
            DatabaseConfig config = DatabaseConfig.builder(t.dir()).backend(t.backend()).sync(t.sync()).build();
            return List.of(EmbeddedDatabase.open(config));
        }
        RemoteDatabase.Options o = RemoteDatabase.Options.of(ClusterConnector.parseList(t.cluster()))
                .withConsistency(t.consistency());
        if (t.tlsCa() != null) {
            o = o.withTls(io.cairn.client.Tls.client(t.tlsCa()));
        }
        List<Database> dbs = new ArrayList<>();
        for (int i = 0; i < t.connections(); i++) {
            dbs.add(RemoteDatabase.connect(o));
        }
        return List.copyOf(dbs);
    }
}
