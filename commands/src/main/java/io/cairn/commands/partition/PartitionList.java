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

/** {@code cairn partition list}: every partition of the map, in key order. */
@Command(name = "list", description = {"Lists every partition in key order: its id, its key range [begin, end), the",
        "nodes that replicate it and the one that leads it. Exits 5 when the meta group does not answer."})
public final class PartitionList extends BaseCommand {
    /** A partition list command running in {@code ctx}. */
    public PartitionList(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        ClusterControl.PartitionListing l = Clusters.control(ctx).partitions();
        PartitionRows.noteEmbedded(l, ctx.err());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ClusterControl.PartitionInfo p : l.partitions()) {
            Map<String, Object> row = PartitionRows.row(p, this::show);
            row.put("epoch", l.epoch());
            rows.add(row);
        }
        printer().table("partitions", PartitionRows.COLUMNS, rows);
        return ExitCodes.SUCCESS;
    }
}
