package io.cairn.commands.node;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn node stop}: asks a node to shut down cleanly. */
@Command(name = "stop", description = {"Asks a node to shut down cleanly, as SIGTERM would: it stops serving,",
        "leaves its group and closes its data."})
public final class NodeStop extends BaseCommand {
    @Option(names = "--node", required = true, paramLabel = "HOST:PORT", description = "The node to stop.")
    String node;

    /** A node stop command running in {@code ctx}. */
    public NodeStop(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Clusters.control(ctx).stopNode(node);
        printer().done("stopping node at " + node, Map.of("stopping", node));
        return ExitCodes.SUCCESS;
    }
}
