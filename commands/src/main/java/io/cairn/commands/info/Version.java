package io.cairn.commands.info;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cairn version}: the version of cairn and of the Java runtime it runs on. */
@Command(name = "version", description = "Shows the version of cairn and of the Java runtime.")
public final class Version extends BaseCommand {
    /** A version command running in {@code ctx}. */
    public Version(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cairn", ctx.version());
        m.put("java", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        printer().record(m);
        return ExitCodes.SUCCESS;
    }
}
