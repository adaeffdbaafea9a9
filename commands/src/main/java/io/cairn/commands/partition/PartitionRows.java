package io.cairn.commands.partition;

import io.cairn.commands.cluster.ClusterControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The fields the partition commands print for one partition, the same for text and JSON. */
final class PartitionRows {
    /** The columns of the text table. */
    static final List<String> COLUMNS = List.of("id", "range", "replicas", "leader");

    private PartitionRows() {}

    /**
     * The fields of {@code p}: id, begin, end ({@code null} for the end of the keyspace), range as
     * text with keys written (quoted) by {@code show}, replicas, leader.
     */
    static Map<String, Object> row(ClusterControl.PartitionInfo p, Function<byte[], String> show) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", p.id());
        row.put("begin", p.begin());
        row.put("end", p.end());
        row.put("range", "[" + show.apply(p.begin()) + ", " + (p.end() == null ? "end" : show.apply(p.end())) + ")");
        row.put("replicas", p.replicas());
        row.put("leader", p.leader());
        return row;
    }

    /** {@code text} as a partition id; a usage error (exit 2) when it is not one. */
    static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw io.cairn.commands.CommandFailure.usage("'" + text + "' is not a partition id (see 'cairn partition list')");
        }
    }

    /** Tells, on stderr, that the embedded database answered, not a cluster. */
    static void noteEmbedded(ClusterControl.PartitionListing l, java.io.PrintStream err) {
        if (l.embedded()) {
            err.println("cairn: no cluster is configured: the embedded database is one partition covering every key");
        }
    }
}
