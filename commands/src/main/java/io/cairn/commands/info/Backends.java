package io.cairn.commands.info;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cairn backends}: the storage backends this executable can open. */
@Command(name = "backends", description = "Lists the storage backends this executable can open (for --backend).")
public final class Backends extends BaseCommand {
    /** A backends command running in {@code ctx}. */
    public Backends(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : ctx.backends().entrySet()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.getKey());
            row.put("description", e.getValue());
            rows.add(row);
        }
        printer().table("backends", List.of("name", "description"), rows);
        return ExitCodes.SUCCESS;
    }
}
