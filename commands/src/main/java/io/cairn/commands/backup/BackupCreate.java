package io.cairn.commands.backup;

import io.cairn.backup.BackupCreator;
import io.cairn.backup.JobLock;
import io.cairn.backup.Manifest;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn backup create --to DIR}: takes a consistent backup into a new directory under DIR. */
@Command(name = "create", description = {"Takes a consistent backup at one version while writes go on.",
        "Writes a new directory under DIR; it is complete once its manifest is written, which happens last."})
public final class BackupCreate extends BaseCommand {
    private static final int MIN_CHUNK = 4096;
    private static final int MAX_CHUNK = 256 << 20;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "The backup root directory (created if needed).")
    Path to;

    @Option(names = "--range", arity = "2", paramLabel = "KEY",
            description = "Back up only keys from BEGIN (inclusive) to END (exclusive); repeatable. Default: every key.")
    List<String> ranges;

    @Option(names = "--chunk-size", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Key and value bytes per chunk (default ${DEFAULT-VALUE}).")
    int chunkBytes;

    @Option(names = "--lock-file", paramLabel = "FILE",
            description = "The job lock (default DIR/.cairn-backup-create.lock).")
    Path lockFile;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    /** A backup create command running in {@code ctx}. */
    public BackupCreate(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        if (chunkBytes < MIN_CHUNK || chunkBytes > MAX_CHUNK) {
            throw CommandFailure.usage("--chunk-size must be " + MIN_CHUNK + " to " + MAX_CHUNK + " bytes, not "
                    + chunkBytes);
        }
        return Jobs.run(ctx, "backup create", f -> {
            Path lock = lockFile != null ? lockFile : to.resolve(".cairn-backup-create.lock");
            createDirectories(to);
            try (JobLock l = Jobs.lock(lock, "backup create into " + to.toAbsolutePath())) {
                BackupCreator.Options o = BackupCreator.Options.defaults().withRanges(KeyRanges.parse(ctx, ranges))
                        .withChunkBytes(chunkBytes).withCancelled(ctx.cancellation()::isCancelled);
                BackupCreator.Result r = BackupCreator.create(ctx.database(), to, o, Jobs.progress(ctx, quiet));
                Manifest m = r.manifest();
                f.put("backup", r.directory().toString());
                f.put("snapshotVersion", m.snapshotVersion());
                f.put("keys", m.keyCount());
                f.put("rawBytes", m.rawBytes());
                f.put("storedBytes", m.storedBytes());
                f.put("chunks", (long) m.chunks().size());
                f.put("bytesPerSecond", Jobs.rate(m.rawBytes(), r.elapsed()));
                f.put("keysPerSecond", Jobs.rate(m.keyCount(), r.elapsed()));
                return "ok";
            }
        });
    }

    private static void createDirectories(Path dir) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
