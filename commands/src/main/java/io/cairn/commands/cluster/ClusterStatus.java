package io.cairn.commands.cluster;

import io.cairn.api.CairnException;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.node.Clusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code cairn cluster status}: every node's role, term, applied version and lag, its view of the
 * meta group, and the cluster's health.
 */
@Command(name = "status", description = {"Shows every node of the configured cluster: role, leader, term, applied",
        "version, lag behind the most advanced node, health, and the meta group as the node sees it (its role,",
        "leader, term and members there, and the partition map's epoch it has applied). Exits 5 when a node is",
        "unreachable or no leader of the data group or of the meta group is agreed on."})
public final class ClusterStatus extends BaseCommand {
    private static final List<String> COLUMNS =
            List.of("address", "node", "health", "role", "leader", "term", "applied_version", "lag", "durable_version",
                    "meta_role", "meta_leader", "meta_term", "map_epoch", "meta_members");

    /** A cluster status command running in {@code ctx}. */
    public ClusterStatus(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ClusterControl control = Clusters.control(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<Map<String, Object>, Map<String, Object>> metaFields = new java.util.IdentityHashMap<>();
        long newest = 0;
        for (String address : control.clusterAddresses()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", address);
            try {
                Map<String, String> s = control.nodeStatus(address);
                row.put("node", s.get("node"));
                row.put("health", "ok");
                row.put("role", s.get("role"));
                row.put("leader", s.get("leader"));
                row.put("term", Long.parseLong(s.get("term")));
                long applied = Long.parseLong(s.get("applied_version"));
                row.put("applied_version", applied);
                row.put("durable_version", Long.parseLong(s.get("durable_version")));
                if (s.containsKey("meta_term")) {
                    // Added after the fields the command printed before (lag included, below).
                    Map<String, Object> meta = new LinkedHashMap<>();
                    meta.put("meta_role", s.get("meta_role"));
                    meta.put("meta_leader", s.get("meta_leader"));
                    meta.put("meta_term", Long.parseLong(s.get("meta_term")));
                    meta.put("map_epoch", Long.parseLong(s.get("map_epoch")));
                    meta.put("meta_members", List.of(s.get("meta_members").split(",")));
                    metaFields.put(row, meta);
                }
                newest = Math.max(newest, applied);
            } catch (CairnException e) {
                row.put("node", null);
                row.put("health", "unreachable: " + e.getMessage());
            }
            rows.add(row);
        }
        java.util.Set<Object> leaders = new java.util.HashSet<>();
        java.util.Set<Object> metaLeaders = new java.util.HashSet<>();
        boolean healthy = true;
        for (Map<String, Object> row : rows) {
            if (row.containsKey("applied_version")) {
                row.put("lag", newest - (Long) row.get("applied_version"));
                leaders.add(row.get("leader"));
                Map<String, Object> meta = metaFields.get(row);
                if (meta != null) {
                    // A node of an older version (a rolling upgrade) has no meta fields: it has no say.
                    row.putAll(meta);
                    metaLeaders.add(String.valueOf(meta.get("meta_leader")));
                }
            } else {
                healthy = false;
            }
        }
        boolean leaderAgreed = leaders.size() == 1 && !leaders.contains("null");
        boolean metaLeaderAgreed = metaLeaders.isEmpty() || (metaLeaders.size() == 1 && !metaLeaders.contains("null"));
        printer().table("nodes", COLUMNS, rows);
        if (!healthy || !leaderAgreed || !metaLeaderAgreed) {
            ctx.err().println("cairn: the cluster is not healthy: " + (!leaderAgreed ? "no leader is agreed on"
                    : !healthy ? "a node is unreachable" : "no leader of the meta group is agreed on"));
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.SUCCESS;
    }
}
