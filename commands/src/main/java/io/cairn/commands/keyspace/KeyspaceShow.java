package io.cairn.commands.keyspace;

import io.cairn.api.KeyValueIterator;
import io.cairn.api.ReadTransaction;
import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.ExitCodes;
import io.cairn.commands.Transactions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn keyspace show NAME}: a keyspace's scheme, stored prefix, buckets or value groups,
 * the partition boundaries it needs, and its key count (exact up to {@value #COUNT_LIMIT}).
 */
@Command(name = "show", description = {"Shows keyspace NAME: scheme, stored prefix, buckets or values,",
        "the stored keys partitions must begin at, and how many keys it holds (exact up to 10000)."})
public final class KeyspaceShow extends BaseCommand {
    /** Keys counted at most; beyond it the count says "at least". */
    static final int COUNT_LIMIT = 10_000;

    @Parameters(index = "0", paramLabel = "NAME", description = "The keyspace.")
    String name;

    /** A keyspace show command running in {@code ctx}. */
    public KeyspaceShow(CommandContext ctx) {
        super(ctx);
    }

    private record Shown(Keyspace ks, int keys) {}

    @Override
    public Integer call() {
        Keyspace.checkName(name);
        Shown s = Transactions.run(ctx, tx -> {
            ReadTransaction snap = tx.snapshot();
            Keyspace ks = Keyspaces.open(snap, name);
            int n = 0;
            // Counted as they stream, so that large values are never all held at once.
            try (KeyValueIterator it = snap.iterate(ks.storedRange(), false)) {
                while (n <= COUNT_LIMIT && it.hasNext()) {
                    it.next();
                    n++;
                }
            }
            return new Shown(ks, n);
        });
        ctx.session().rememberKeyspaces(List.of(name), false);
        Map<String, Object> fields = KeyspaceFields.describe(s.ks());
        fields.put("boundaries", List.copyOf(s.ks().boundaries()));
        fields.put("keys", Math.min(s.keys(), COUNT_LIMIT));
        fields.put("keys-exact", s.keys() <= COUNT_LIMIT);
        printer().record(fields);
        return ExitCodes.SUCCESS;
    }
}
