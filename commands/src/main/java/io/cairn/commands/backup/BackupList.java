package io.cairn.commands.backup;

import io.cairn.backup.BackupCatalog;
import io.cairn.backup.Manifest;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cairn backup list DIR}: the backups under DIR, oldest first, complete or not. */
@Command(name = "list", description = {"Lists the backups under DIR, oldest first, with their state:",
        "complete, in-progress (a live process writes it), incomplete (interrupted) or damaged."})
public final class BackupList extends BaseCommand {
    @Parameters(index = "0", paramLabel = "DIR", description = "The backup root directory.")
    Path dir;

    /** A backup list command running in {@code ctx}. */
    public BackupList(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (BackupCatalog.Entry e : BackupCatalog.list(dir)) {
            Map<String, Object> row = new LinkedHashMap<>();
            Manifest m = e.manifest();
            row.put("name", e.name());
            row.put("state", e.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            row.put("snapshotTime", m == null ? null : m.snapshotTime().toString());
            row.put("version", m == null ? null : m.snapshotVersion());
            row.put("keys", m == null ? null : m.keyCount());
            row.put("bytesOnDisk", e.bytesOnDisk());
            row.put("detail", e.detail());
            rows.add(row);
        }
        printer().table("backups", List.of("name", "state", "snapshotTime", "version", "keys", "bytesOnDisk", "detail"),
                rows);
        return ExitCodes.SUCCESS;
    }
}
