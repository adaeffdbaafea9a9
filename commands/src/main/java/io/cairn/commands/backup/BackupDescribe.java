package io.cairn.commands.backup;

import io.cairn.api.Range;
import io.cairn.backup.ChunkInfo;
import io.cairn.backup.Manifest;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn backup describe BACKUP}: what a backup holds, from its manifest. */
@Command(name = "describe", description = "Shows a backup's manifest: source, version, time, ranges, counts, chunks.")
public final class BackupDescribe extends BaseCommand {
    @Parameters(index = "0", paramLabel = "BACKUP", description = "The backup's directory.")
    Path backup;

    @Option(names = "--chunks", description = "Also list every chunk with its range, counts and checksum.")
    boolean chunks;

    /** A backup describe command running in {@code ctx}. */
    public BackupDescribe(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Manifest m = Manifest.read(backup);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("backup", backup.toString());
        f.put("formatVersion", (long) m.formatVersion());
        f.put("databaseId", m.databaseId());
        f.put("snapshotVersion", m.snapshotVersion());
        f.put("snapshotTime", m.snapshotTime().toString());
        f.put("finishedTime", m.finishedTime().toString());
        List<Object> ranges = new ArrayList<>();
        for (Range r : m.ranges()) {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("begin", r.begin());
            range.put("end", r.end());
            ranges.add(range);
        }
        f.put("ranges", ranges);
        f.put("keys", m.keyCount());
        f.put("rawBytes", m.rawBytes());
        f.put("storedBytes", m.storedBytes());
        f.put("chunks", (long) m.chunks().size());
        List<Map<String, Object>> list = new ArrayList<>();
        if (chunks) {
            for (ChunkInfo c : m.chunks()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", c.file());
                row.put("begin", c.range().begin());
                row.put("end", c.range().end());
                row.put("keys", c.keys());
                row.put("rawBytes", c.rawBytes());
                row.put("storedBytes", c.storedBytes());
                row.put("crc32c", c.crcHex());
                list.add(row);
            }
        }
        boolean json = ctx.outputFormat() == io.cairn.commands.OutputFormat.JSON;
        if (chunks && json) {
            f.put("chunkList", list);
        }
        printer().record(f);
        if (chunks && !json) {
            printer().table("chunks", List.of("file", "begin", "end", "keys", "rawBytes", "storedBytes", "crc32c"), list);
        }
        return ExitCodes.SUCCESS;
    }
}
