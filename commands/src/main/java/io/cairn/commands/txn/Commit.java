package io.cairn.commands.txn;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code commit} (shell only): commits the interactive transaction opened by {@code begin}. */
@Command(name = "commit", description = "Shell only: commits the open transaction; on a conflict nothing is written.")
public final class Commit extends BaseCommand {
    /** A commit command running in {@code ctx}. */
    public Commit(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Transaction tx = ctx.session().end();
        if (tx == null) {
            throw CommandFailure.usage("no transaction is open; begin one first");
        }
        try {
            ctx.cancellation().track(tx);
            tx.commit();
            long version = tx.getCommittedVersion();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("op", "commit");
            fields.put("committed", true);
            fields.put("version", version < 0 ? null : version);
            printer().done(version < 0 ? "committed (nothing to write)" : "committed at version " + version, fields);
            return ExitCodes.SUCCESS;
        } catch (CairnException e) {
            if (e.error() == ErrorCode.NOT_COMMITTED) {
                throw new CommandFailure(ExitCodes.CONFLICT, "commit failed: not_committed (1020): another "
                        + "transaction changed something this one read; nothing was written and the transaction "
                        + "is closed; begin again to retry");
            }
            throw e;
        } finally {
            ctx.cancellation().untrack(tx);
            tx.close();
        }
    }
}
