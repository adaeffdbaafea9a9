package io.cairn.commands.partition;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.cluster.ClusterControl;
import io.cairn.commands.node.Clusters;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn partition show ID|--key KEY}: one partition, by id or by a key it holds. */
@Command(name = "show", description = {"Shows one partition: the one with the id ID, or with --key, the one holding",
        "KEY (escaped, or as --hex/--base64 say). Exits 1 when no partition has that id."})
public final class PartitionShow extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID|KEY", description = "The partition's id, or with --key a key it holds.")
    String what;

    @Option(names = "--key", description = "Take the argument as a key and show the partition that holds it.")
    boolean key;

    /** A partition show command running in {@code ctx}. */
    public PartitionShow(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Long id = null;
        byte[] k = null;
        if (key) {
            k = key(what, "key");
        } else {
            try {
                id = Long.parseLong(what);
            } catch (NumberFormatException e) {
                throw CommandFailure.usage("'" + what + "' is not a partition id; give --key to look a key up");
            }
        }
        ClusterControl.PartitionListing l = Clusters.control(ctx).partitions();
        PartitionRows.noteEmbedded(l, ctx.err());
        for (ClusterControl.PartitionInfo p : l.partitions()) {
            if (id != null ? p.id() == id : holds(p, k)) {
                Map<String, Object> row = PartitionRows.row(p, this::show);
                row.put("epoch", l.epoch());
                printer().record(row);
                return ExitCodes.SUCCESS;
            }
        }
        ctx.err().println("cairn: no partition " + what + " in the map at epoch " + l.epoch());
        return ExitCodes.NOT_FOUND;
    }

    private static boolean holds(ClusterControl.PartitionInfo p, byte[] key) {
        return java.util.Arrays.compareUnsigned(key, p.begin()) >= 0
                && (p.end() == null || java.util.Arrays.compareUnsigned(key, p.end()) < 0);
    }
}
