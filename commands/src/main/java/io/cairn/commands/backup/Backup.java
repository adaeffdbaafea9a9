package io.cairn.commands.backup;

import io.cairn.commands.CommandFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code cairn backup}: the group of backup commands. */
@Command(name = "backup", description = "Consistent backups: create, list, describe, verify, restore, expire.",
        subcommands = {BackupCreate.class, BackupList.class, BackupDescribe.class, BackupVerify.class,
                BackupRestore.class, BackupExpire.class},
        footer = {"", "Each backup is a directory under the backup root DIR holding compressed, checksummed chunks and",
                "a manifest written last; one without a manifest is incomplete and never restored. Jobs take a",
                "lock so that two runs of one job never overlap (exit code 7). See docs/operations.md."})
public final class Backup implements Callable<Integer> {
    @Override
    public Integer call() {
        throw CommandFailure.usage("backup needs a subcommand: create, list, describe, verify, restore or expire");
    }
}
