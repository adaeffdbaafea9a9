package io.cairn.commands.backup;

import io.cairn.api.Bytes;
import io.cairn.api.Range;
import io.cairn.backup.BackupRestorer;
import io.cairn.backup.JobLock;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn backup restore BACKUP}: writes a backup, or part of it, into the database. */
@Command(name = "restore", description = {"Restores a backup into the database. Checks every chunk it needs first, and",
        "refuses a non-empty target range unless --clear-target; then nothing is written.",
        "It writes in many transactions: if it fails midway, ranges restored so far stay, the range being",
        "written holds part of its keys, and running it again with --clear-target finishes the job."})
public final class BackupRestore extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's directory.")
    Path backup;

    @Option(names = "--range", arity = "2", paramLabel = "KEY",
            description = "Restore only backed-up keys from BEGIN (inclusive) to END (exclusive).")
    List<String> range;

    @Option(names = "--add-prefix", paramLabel = "PREFIX", description = "Put PREFIX in front of every restored key.")
    String addPrefix;

    @Option(names = "--remove-prefix", paramLabel = "PREFIX",
            description = "Restore only keys starting with PREFIX, with PREFIX removed.")
    String removePrefix;

    @Option(names = "--clear-target", description = "Clear the target ranges first instead of refusing non-empty ones.")
    boolean clearTarget;

    @Option(names = "--dry-run", description = "Check the chunks and the target, report what would be restored, write nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "On a terminal, do not ask before clearing the target.")
    boolean yes;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The job lock (default: .cairn-backup-restore.lock beside BACKUP).")
    Path lockFile;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    /** A backup restore command running in {@code ctx}. */
    public BackupRestore(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<Range> ranges = KeyRanges.parse(ctx, range);
        if (ranges.size() > 1) {
            throw CommandFailure.usage("restore takes one --range; run it once per range");
        }
        byte[] add = addPrefix == null ? Bytes.EMPTY : ctx.byteFormat().parse(addPrefix, "--add-prefix");
        byte[] remove = removePrefix == null ? Bytes.EMPTY : ctx.byteFormat().parse(removePrefix, "--remove-prefix");
        if (clearTarget && !dryRun && !yes && ctx.isTerminal()
                && !ctx.confirm("Clear the target range(s) and restore " + backup + " into them?")) {
            throw new CommandFailure(ExitCodes.CANCELLED, "not confirmed; nothing was restored");
        }
        return Jobs.run(ctx, dryRun ? "backup restore (dry run)" : "backup restore", f -> {
            Path abs = backup.toAbsolutePath();
            Path lock = lockFile != null ? lockFile : abs.getParent().resolve(".cairn-backup-restore.lock");
            try (JobLock l = Jobs.lock(lock, "backup restore")) {
                BackupRestorer.Options o = BackupRestorer.Options.defaults()
                        .withRange(ranges.isEmpty() ? null : ranges.get(0)).withPrefixes(add, remove)
                        .withFlags(clearTarget, dryRun).withCancelled(ctx.cancellation()::isCancelled);
                BackupRestorer.Result r = BackupRestorer.restore(ctx.database(), backup, o, Jobs.progress(ctx, quiet));
                f.put("backup", backup.toString());
                f.put("snapshotVersion", r.manifest().snapshotVersion());
                f.put("dryRun", r.dryRun());
                f.put("targetRanges", r.targetRanges().stream().map(t -> List.of(t.begin(), t.end())).toList());
                f.put("keys", r.keys());
                f.put("rawBytes", r.rawBytes());
                f.put("chunks", (long) r.chunks());
                f.put("transactions", (long) r.transactions());
                f.put("clearedNonEmptyTarget", r.clearedNonEmpty());
                f.put("bytesPerSecond", Jobs.rate(r.rawBytes(), r.elapsed()));
                f.put("keysPerSecond", Jobs.rate(r.keys(), r.elapsed()));
                return "ok";
            }
        });
    }
}
