package io.cairn.commands.backup;

import io.cairn.backup.BackupVerifier;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn backup verify BACKUP}: re-reads every chunk and checks every checksum and count. */
@Command(name = "verify", description = {"Re-reads every chunk of a backup and checks its checksum, encoding, keys and",
        "counts against the manifest. Names every damaged chunk; exits 6 when any is damaged."})
public final class BackupVerify extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's directory.")
    Path backup;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    /** A backup verify command running in {@code ctx}. */
    public BackupVerify(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        return Jobs.run(ctx, "backup verify", f -> {
            f.put("backup", backup.toString());
            BackupVerifier.Result r = BackupVerifier.verify(backup, Jobs.progress(ctx, quiet));
            f.put("chunks", (long) r.chunksChecked());
            f.put("keys", r.keysChecked());
            f.put("storedBytes", r.bytesRead());
            f.put("problems", r.problems());
            if (!r.ok()) {
                for (String p : r.problems()) {
                    ctx.err().println(p);
                }
                throw new CommandFailure(ExitCodes.IO_ERROR, "backup " + backup + " is damaged: " + r.problems().size()
                        + " problem(s); do not restore it");
            }
            return "ok";
        });
    }
}
