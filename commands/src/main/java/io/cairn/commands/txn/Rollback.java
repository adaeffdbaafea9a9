package io.cairn.commands.txn;

import io.cairn.api.Transaction;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code rollback} (shell only): discards the interactive transaction opened by {@code begin}. */
@Command(name = "rollback", description = "Shell only: discards the open transaction and its writes.")
public final class Rollback extends BaseCommand {
    /** A rollback command running in {@code ctx}. */
    public Rollback(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Transaction tx = ctx.session().end();
        if (tx == null) {
            throw CommandFailure.usage("no transaction is open");
        }
        tx.close();
        printer().done("rolled back; nothing was written", Map.of("op", "rollback"));
        return ExitCodes.SUCCESS;
    }
}
