package io.cairn.commands.keyspace;

import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cairn keyspace list}: every keyspace with its scheme, parameters and stored prefix, by name. */
@Command(name = "list", description = "Lists every keyspace: name, scheme, buckets or values, stored prefix.")
public final class KeyspaceList extends BaseCommand {
    /** A keyspace list command running in {@code ctx}. */
    public KeyspaceList(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        List<Keyspace> all = Transactions.run(ctx, tx -> Keyspaces.list(tx.snapshot()));
        ctx.session().rememberKeyspaces(all.stream().map(Keyspace::name).toList(), true);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Keyspace ks : all) {
            Map<String, Object> row = KeyspaceFields.describe(ks);
            row.put("parameters", KeyspaceFields.parameters(ks));
            rows.add(row);
        }
        printer().table("keyspaces", List.of("name", "scheme", "parameters", "prefix"), rows);
        return ExitCodes.SUCCESS;
    }
}
