package io.cairn.commands.info;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import picocli.CommandLine.Command;

/** {@code cairn status}: where the data is, which backend, an estimate of the key count, versions. */
@Command(name = "status", description = "Shows where the data is, the backend, an estimate of the key count and the versions.")
public final class Status extends BaseCommand {
    /** A status command running in {@code ctx}. */
    public Status(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        printer().record(ctx.status());
        return ExitCodes.SUCCESS;
    }
}
