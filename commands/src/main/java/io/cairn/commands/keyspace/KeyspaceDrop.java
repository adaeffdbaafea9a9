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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn keyspace drop NAME}: removes a keyspace's definition and all its data in one
 * transaction, after confirmation on a terminal; without a terminal it needs {@code --yes}.
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
        Committed c = Committed.write(ctx, tx -> Keyspaces.drop(tx, Keyspaces.open(tx, name)));
        ctx.session().forgetKeyspace(name);
        Map<String, Object> fields = c.fields("keyspace-drop");
        fields.put("name", name);
        printer().done(c.text("dropped keyspace '" + name + "'"), fields);
        return ExitCodes.SUCCESS;
    }
}
