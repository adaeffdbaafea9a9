package io.cairn.commands.partition;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn partition}: the group of partition commands. */
@Command(name = "partition", description = "Shows and changes the partition map: which key ranges exist and which nodes"
        + " hold them.",
        subcommands = {PartitionList.class, PartitionShow.class, PartitionSplit.class, PartitionMerge.class},
        footer = {"", "The map is read through the leader of the cluster's meta group, so it is never stale. Without a",
                "configured cluster, the embedded database is one partition covering every key."})
public final class PartitionGroup implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("partition needs a subcommand: list, show, split or merge");
    }
}
