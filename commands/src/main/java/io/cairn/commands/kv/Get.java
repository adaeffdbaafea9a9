package io.cairn.commands.kv;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import io.cairn.commands.keyspace.KeyspaceOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn get KEY}: prints the value of a key, or exits with {@link ExitCodes#NOT_FOUND}. */
@Command(name = "get", description = "Prints the value of KEY; exits with 1 when it has none.")
public final class Get extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key (escaped text, or hex/base64 with --hex/--base64).")
    String key;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    /** A get command running in {@code ctx}. */
    public Get(CommandContext ctx) {
        super(ctx);
    }

    /** A get of {@code key} (as given on the command line) running in {@code ctx}, for callers that parse it themselves. */
    public Get(CommandContext ctx, String key) {
        super(ctx);
        this.key = key;
    }

    @Override
    public Integer call() {
        byte[] k = key(key, "key");
        keyspace.checkName();
        byte[] v = Transactions.run(ctx, tx -> tx.get(keyspace.isSet()
                ? KeyspaceOption.stored(keyspace.open(tx), k, "key") : k));
        if (v == null) {
            printer().missing(k);
            throw new CommandFailure(ExitCodes.NOT_FOUND, "key " + show(k) + " not found");
        }
        printer().value(k, v);
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }
}
