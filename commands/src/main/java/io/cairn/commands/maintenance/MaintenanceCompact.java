package io.cairn.commands.maintenance;

import io.cairn.api.Range;
import io.cairn.backup.JobLock;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.backup.Jobs;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn maintenance compact}: compacts the backend's stored data, online. */
@Command(name = "compact", description = {"Compacts the stored data to reclaim space, while reads and writes go on.",
        "Blocks until done."})
public final class MaintenanceCompact extends BaseCommand {
    @Option(names = "--range", arity = "2", paramLabel = "KEY",
            description = "Compact only keys from BEGIN (inclusive) to END (exclusive). Default: every key.")
    java.util.List<String> range;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The job lock (default: one per data directory in the temporary directory).")
    Path lockFile;

    /** A maintenance compact command running in {@code ctx}. */
    public MaintenanceCompact(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        byte[][] bounds = bounds();
        return Jobs.run(ctx, "maintenance compact", f -> {
            try (JobLock l = Maintenance.lock(ctx, lockFile, "maintenance compact")) {
                Maintenance.of(ctx).compact(new Range(bounds[0], bounds[1]));
                f.put("begin", bounds[0]);
                f.put("end", bounds[1]);
                return "ok";
            }
        });
    }

    private byte[][] bounds() {
        if (range == null) {
            return new byte[][] {Range.ALL.begin(), Range.ALL.end()};
        }
        byte[] b = ctx.byteFormat().parse(range.get(0), "range BEGIN");
        byte[] e = ctx.byteFormat().parse(range.get(1), "range END");
        if (io.cairn.api.Bytes.compare(b, e) >= 0) {
            throw io.cairn.commands.CommandFailure.usage("range BEGIN must sort before END; a range is [BEGIN, END)");
        }
        return new byte[][] {b, e};
    }
}
