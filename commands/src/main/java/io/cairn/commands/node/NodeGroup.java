package io.cairn.commands.node;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn node}: the group of node commands. */
@Command(name = "node", description = "Runs, inspects and stops cluster nodes.",
        subcommands = {NodeStart.class, NodeStatus.class, NodeStop.class})
public final class NodeGroup implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("node needs a subcommand: start, status or stop");
    }
}
