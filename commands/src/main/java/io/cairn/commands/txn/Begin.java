package io.cairn.commands.txn;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code begin} (shell only): opens an interactive transaction that later commands read and write. */
@Command(name = "begin", description = {"Shell only: opens an interactive transaction.",
        "Until commit or rollback, reads see its own writes; commit applies the writes together."})
public final class Begin extends BaseCommand {
    /** A begin command running in {@code ctx}. */
    public Begin(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        if (!ctx.session().isInteractive()) {
            throw CommandFailure.usage("begin works only in the shell (run cairn shell); "
                    + "for a batch in one transaction use cairn txn");
        }
        if (ctx.session().inTransaction()) {
            throw CommandFailure.usage("a transaction is already open; commit or rollback first");
        }
        ctx.session().begin(ctx.database().createTransaction());
        printer().done("transaction open; commit applies it, rollback discards it", Map.of("op", "begin"));
        return ExitCodes.SUCCESS;
    }
}
