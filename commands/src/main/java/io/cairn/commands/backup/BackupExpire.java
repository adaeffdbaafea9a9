package io.cairn.commands.backup;

import io.cairn.backup.BackupCatalog;
import io.cairn.backup.BackupExpirer;
import io.cairn.backup.JobLock;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn backup expire DIR}: deletes old backups by count and/or age. */
@Command(name = "expire", description = {"Deletes old backups under DIR: beyond the newest --keep N complete ones,",
        "and/or older than --older-than DURATION (with both, only those matching both). Never deletes",
        "the newest complete backup without --force, nor a backup being written."})
public final class BackupExpire extends BaseCommand {
    private static final Pattern DAYS = Pattern.compile("(\\d{1,6})(d|w)");

    @Parameters(index = "0", paramLabel = "DIR", description = "The backup root directory.")
    Path dir;

    @Option(names = "--keep", paramLabel = "N", description = "Keep the N newest complete backups.")
    Integer keep;

    @Option(names = "--older-than", paramLabel = "DURATION",
            description = "Delete complete backups whose snapshot is older than DURATION, e.g. 36h, 7d, 4w.")
    String olderThan;

    @Option(names = "--incomplete", description = "Also delete interrupted and damaged backups (older than DURATION if given).")
    boolean incomplete;

    @Option(names = "--force", description = "Allow deleting the newest complete backup too.")
    boolean force;

    @Option(names = "--dry-run", description = "Report what would be deleted, delete nothing.")
    boolean dryRun;

    @Option(names = "--lock-file", paramLabel = "FILE", description = "The job lock (default DIR/.cairn-backup-expire.lock).")
    Path lockFile;

    /** A backup expire command running in {@code ctx}. */
    public BackupExpire(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        if (keep != null && keep < 0) {
            throw CommandFailure.usage("--keep must be 0 or more, not " + keep);
        }
        BackupExpirer.Policy policy = new BackupExpirer.Policy(keep, olderThan == null ? null : age(olderThan), force,
                incomplete, dryRun, Instant.now());
        return Jobs.run(ctx, dryRun ? "backup expire (dry run)" : "backup expire", f -> {
            try (JobLock l = Jobs.lock(lockFile != null ? lockFile : dir.resolve(".cairn-backup-expire.lock"),
                    "backup expire")) {
                BackupExpirer.Result r = BackupExpirer.expire(dir, policy);
                for (String note : r.notes()) {
                    ctx.err().println(note);
                }
                f.put("directory", dir.toString());
                f.put("deleted", r.deleted().stream().map(BackupCatalog.Entry::name).toList());
                f.put("kept", r.kept().stream().map(BackupCatalog.Entry::name).toList());
                f.put("bytesFreed", r.bytesFreed());
                f.put("dryRun", dryRun);
                return "ok";
            }
        });
    }

    /** Parses an age: {@link Durations} units plus days ({@code d}) and weeks ({@code w}). */
    static Duration age(String text) {
        Matcher m = DAYS.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofDays(7 * n);
        }
        try {
            return Durations.parse(text, "--older-than");
        } catch (CommandFailure e) {
            throw CommandFailure.usage("--older-than '" + text + "' is not a duration; write e.g. 36h, 7d or 4w");
        }
    }
}
