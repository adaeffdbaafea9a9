package io.cairn.commands.node;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.cluster.ClusterControl;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn node status}: one node's role, leader, term, versions and sizes. */
@Command(name = "status", description = "Shows one node's role, leader, term, applied and durable versions, and sizes.")
public final class NodeStatus extends BaseCommand {
    @Option(names = "--node", paramLabel = "HOST:PORT",
            description = "The node to ask (default: the first address of the configured cluster).")
    String node;

    /** A node status command running in {@code ctx}. */
    public NodeStatus(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ClusterControl control = Clusters.control(ctx);
        String address = node != null ? node : control.clusterAddresses().get(0);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("address", address);
        fields.putAll(control.nodeStatus(address));
        printer().record(fields);
        return ExitCodes.SUCCESS;
    }
}
