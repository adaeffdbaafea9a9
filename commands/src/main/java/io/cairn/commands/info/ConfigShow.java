package io.cairn.commands.info;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cairn config show}: every effective setting and where it came from. */
@Command(name = "show", description = "Shows every effective setting and where it came from.")
public final class ConfigShow extends BaseCommand {
    /** A config show command running in {@code ctx}. */
    public ConfigShow(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CommandContext.Setting s : ctx.settings()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", s.key());
            row.put("value", s.value());
            row.put("source", s.source());
            rows.add(row);
        }
        printer().table("settings", List.of("key", "value", "source"), rows);
        return ExitCodes.SUCCESS;
    }
}
