package io.cairn.commands.kv;

import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.keyspace.KeyspaceOption;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn delete KEY}: removes a key; removing a missing key succeeds. */
@Command(name = "delete", aliases = "clear", description = "Removes KEY; a key with no value is not an error.")
public final class Delete extends BaseCommand {
    @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
    String key;

    @Mixin
    KeyspaceOption keyspace = new KeyspaceOption();

    /** A delete command running in {@code ctx}. */
    public Delete(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        byte[] k = key(key, "key");
        keyspace.checkName();
        Committed c = Committed.write(ctx, tx -> tx.clear(keyspace.isSet()
                ? KeyspaceOption.stored(keyspace.open(tx), k, "key") : k));
        Map<String, Object> fields = c.fields("delete");
        if (keyspace.isSet()) {
            fields.put("keyspace", keyspace.name());
        }
        fields.put("key", k);
        printer().done(c.text("deleted " + show(k)), fields);
        keyspace.remember(ctx);
        return ExitCodes.SUCCESS;
    }
}
