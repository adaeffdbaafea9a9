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

/** {@code cairn cluster status}: every node's role, term, applied version and lag, and the cluster's health. */
@Command(name = "status", description = {"Shows every node of the configured cluster: role, leader, term, applied",
        "version, lag behind the most advanced node, and health. Exits 5 when a node is unreachable or no",
        "leader is agreed on."})
public final class ClusterStatus extends BaseCommand {
    private static final List<String> COLUMNS =
            List.of("address", "node", "health", "role", "leader", "term", "applied_version", "lag", "durable_version");

    /** A cluster status command running in {@code ctx}. */
    public ClusterStatus(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ClusterControl control = Clusters.control(ctx);
        List<Map<String, Object>> rows = new ArrayList<>();
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
                newest = Math.max(newest, applied);
            } catch (CairnException e) {
                row.put("node", null);
                row.put("health", "unreachable: " + e.getMessage());
            }
            rows.add(row);
        }
        java.util.Set<Object> leaders = new java.util.HashSet<>();
        boolean healthy = true;
        for (Map<String, Object> row : rows) {
            if (row.containsKey("applied_version")) {
                row.put("lag", newest - (Long) row.get("applied_version"));
                leaders.add(row.get("leader"));
            } else {
                healthy = false;
            }
        }
        healthy &= leaders.size() == 1 && !leaders.contains("null");
        printer().table("nodes", COLUMNS, rows);
        if (!healthy) {
            ctx.err().println("cairn: the cluster is not healthy: "
                    + (leaders.size() == 1 && !leaders.contains("null") ? "a node is unreachable" : "no leader is agreed on"));
            return ExitCodes.UNAVAILABLE;
        }
        return ExitCodes.SUCCESS;
    }
}
