package io.cairn.commands.keyspace;

import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn keyspace drop NAME}: removes a keyspace's definition and all its data in one
 * transaction, after confirmation on a terminal; without a terminal it needs {@code --yes}.
 *
 * <p>A retried attempt that finds the keyspace its previous attempt dropped already gone reports
 * the drop as done: that commit's reply was lost but it applied (or, after a conflict, another
 * client dropped the same keyspace meanwhile). An unknown name on the first attempt is an error.
 */
@Command(name = "drop", description = {"Removes keyspace NAME and every key in it, in one transaction.",
        "Asks for confirmation on a terminal; elsewhere refuses unless --yes is given."})
public final class KeyspaceDrop extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The keyspace.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    /** A keyspace drop command running in {@code ctx}. */
    public KeyspaceDrop(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Keyspace.checkName(name);
        // Fail on an unknown name before asking anything.
        Transactions.run(ctx, tx -> Keyspaces.open(tx.snapshot(), name));
        if (!yes) {
            if (!ctx.isTerminal()) {
                throw CommandFailure.usage("keyspace drop removes data and standard input is not a terminal "
                        + "to confirm it: add --yes");
            }
            if (!ctx.confirm("Remove keyspace '" + name + "' and every key in it?")) {
                throw new CommandFailure(ExitCodes.CANCELLED, "not confirmed; nothing was removed");
            }
        }
        // The id the last attempt dropped, 0 before any attempt got that far. An attempt runs again
        // only when the previous one's commit failed retryably; if that commit may have been
        // applied (commit_unknown_result) and the keyspace it dropped is now gone (or the name now
        // holds a newer keyspace), the drop is done and this attempt must not fail or drop again.
        AtomicLong attempted = new AtomicLong();
        Committed c = Committed.writeOnce(ctx, tx -> {
            Optional<Keyspace> now = Keyspaces.find(tx, name);
            long before = attempted.get();
            if (before != 0 && (now.isEmpty() || now.get().id() != before)) {
                return false;
            }
            Keyspace ks = now.orElseThrow(() -> Keyspaces.noSuchKeyspace(name));
            Keyspaces.drop(tx, ks);
            attempted.set(ks.id());
            return true;
        });
        ctx.session().forgetKeyspace(name);
        Map<String, Object> fields = c.fields("keyspace-drop");
        fields.put("name", name);
        printer().done(c.text("dropped keyspace '" + name + "'"), fields);
        return ExitCodes.SUCCESS;
    }
}
