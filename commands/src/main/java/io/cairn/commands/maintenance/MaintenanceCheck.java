package io.cairn.commands.maintenance;

import io.cairn.api.Database;
import io.cairn.backup.JobLock;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.backup.Jobs;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn maintenance check}: reads every stored entry and log record and checks them. */
@Command(name = "check", description = {"Checks the integrity of the stored data and the write-ahead log: reads every",
        "entry and record. Names every problem found on stderr and exits 6 when there is one."})
public final class MaintenanceCheck extends BaseCommand {
    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The job lock (default: one per data directory in the temporary directory).")
    Path lockFile;

    /** A maintenance check command running in {@code ctx}. */
    public MaintenanceCheck(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        return Jobs.run(ctx, "maintenance check", f -> {
            try (JobLock l = Maintenance.lock(ctx, lockFile, "maintenance check")) {
                Database.Maintenance.CheckReport r = Maintenance.of(ctx).check();
                f.putAll(r.counts());
                f.put("problems", r.problems());
                if (!r.healthy()) {
                    for (String p : r.problems()) {
                        ctx.err().println(p);
                    }
                    throw new CommandFailure(ExitCodes.IO_ERROR, "the check found " + r.problems().size()
                            + " problem(s)");
                }
                return "ok";
            }
        });
    }
}
