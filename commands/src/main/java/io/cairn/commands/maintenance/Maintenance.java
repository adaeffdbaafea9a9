package io.cairn.commands.maintenance;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.backup.Jobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn maintenance}: the group of maintenance commands. */
@Command(name = "maintenance", description = "Maintenance of the stored data: compact, check.",
        subcommands = {MaintenanceCompact.class, MaintenanceCheck.class})
public final class Maintenance implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("maintenance needs a subcommand: compact or check");
    }

    /**
     * The database's maintenance feature.
     *
     * @throws CairnException {@code invalid_operation} (2001) when the database does not offer it
     */
    static Database.Maintenance of(CommandContext ctx) {
        return ctx.database().maintenance().orElseThrow(() -> new CairnException(ErrorCode.INVALID_OPERATION,
                "this database does not offer maintenance operations"));
    }

    /**
     * The default lock file of {@code job}: in the system temporary directory, named after the
     * job and the database it runs on, so that runs on different databases do not block each other.
     */
    static Path defaultLock(CommandContext ctx, String job) {
        String where = ctx.settings().stream().filter(s -> s.key().equals("data-dir")).map(s -> s.value())
                .findFirst().orElse("default");
        String id = UUID.nameUUIDFromBytes(Path.of(where).toAbsolutePath().normalize().toString()
                .getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return Path.of(System.getProperty("java.io.tmpdir"), "cairn-" + job.replace(' ', '-') + "-" + id + ".lock");
    }

    /** Takes the job lock, named by {@code lockFile} or else the default. */
    static io.cairn.backup.JobLock lock(CommandContext ctx, Path lockFile, String job) {
        return Jobs.lock(lockFile != null ? lockFile : defaultLock(ctx, job), job);
    }
}
