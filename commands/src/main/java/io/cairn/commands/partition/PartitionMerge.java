package io.cairn.commands.partition;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.cluster.ClusterControl;
import io.cairn.commands.node.Clusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn partition merge ID1 ID2}: joins two neighbouring partitions. */
@Command(name = "merge", description = {"Merges the neighbouring partitions ID1 and ID2 (in either order) into one,",
        "which keeps the id of the one whose keys come first. Prints the merged partition. The change is one",
        "compare-and-set of the partition map in the meta group: nothing changes when it fails."},
        footer = {"", "Exit codes: 0 merged; 2 bad input (an unknown id, partitions that are not neighbours or are on",
                "different nodes, no cluster configured); 5 the meta group did not answer."})
public final class PartitionMerge extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID1", description = "One partition.")
    String first;

    @Parameters(index = "1", paramLabel = "ID2", description = "Its neighbour, just before or just after it.")
    String second;

    /** A partition merge command running in {@code ctx}. */
    public PartitionMerge(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        long a = PartitionRows.id(first);
        long b = PartitionRows.id(second);
        ClusterControl.PartitionListing l = Clusters.control(ctx).mergePartitions(a, b);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClusterControl.PartitionInfo p : l.partitions()) {
            if (p.id() == a || p.id() == b) {
                Map<String, Object> row = PartitionRows.row(p, this::show);
                row.put("epoch", l.epoch());
                rows.add(row);
            }
        }
        printer().table("partitions", PartitionRows.COLUMNS, rows);
        return ExitCodes.SUCCESS;
    }
}
