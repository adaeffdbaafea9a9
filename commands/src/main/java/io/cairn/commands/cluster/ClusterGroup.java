package io.cairn.commands.cluster;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn cluster}: the group of cluster commands. */
@Command(name = "cluster", description = "Writes the cluster file, shows every node's status, changes membership.",
        subcommands = {ClusterInit.class, ClusterStatus.class, ClusterMembers.class},
        footer = {"", "Clients find a cluster through --cluster HOST:PORT,..., the CAIRN_CLUSTER variable, the cluster",
                "setting, or a cairn.cluster file (written by cairn cluster init) in the working directory,",
                "~/.config/cairn or /etc/cairn. With a cluster configured, every key-value command uses it."})
public final class ClusterGroup implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("cluster needs a subcommand: init, status or members");
    }
}
