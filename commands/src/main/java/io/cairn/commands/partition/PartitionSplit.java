package io.cairn.commands.partition;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.cluster.ClusterControl;
import io.cairn.commands.node.Clusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn partition split ID [--at KEY]}: cuts one partition in two. */
@Command(name = "split", description = {"Splits partition ID in two at KEY: it keeps the keys before KEY, and a new",
        "partition, on the same nodes, takes KEY and the keys after it. Without --at, it splits at the middle of",
        "the partition's data by size. Prints the two partitions. The change is one compare-and-set of the",
        "partition map in the meta group: nothing changes when it fails."},
        footer = {"", "Exit codes: 0 split; 2 bad input (an unknown id, a key not strictly inside the partition, no",
                "middle to split at, no cluster configured); 5 the meta group did not answer.",
                "", "Every partition is still replicated by the cluster's one data group: a split changes the map",
                "only, moves no data and takes a moment."})
public final class PartitionSplit extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "The partition to split (see 'cairn partition list').")
    String id;

    @Option(names = "--at", paramLabel = "KEY", description = "The first key of the new partition (escaped, or as"
            + " --hex/--base64 say); it must be strictly inside partition ID.")
    String at;

    /** A partition split command running in {@code ctx}. */
    public PartitionSplit(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        long partition = PartitionRows.id(id);
        byte[] key = at == null ? null : key(at, "--at");
        ClusterControl.PartitionListing l = Clusters.control(ctx).splitPartition(partition, key);
        byte[] cut = null;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClusterControl.PartitionInfo p : l.partitions()) {
            if (p.id() == partition) {
                cut = p.end();
                rows.add(row(p, l));
            }
        }
        for (ClusterControl.PartitionInfo p : l.partitions()) {
            if (cut != null && Arrays.equals(p.begin(), cut)) {
                rows.add(row(p, l));
            }
        }
        printer().table("partitions", PartitionRows.COLUMNS, rows);
        return ExitCodes.SUCCESS;
    }

    private Map<String, Object> row(ClusterControl.PartitionInfo p, ClusterControl.PartitionListing l) {
        Map<String, Object> row = PartitionRows.row(p, this::show);
        row.put("epoch", l.epoch());
        return row;
    }
}
