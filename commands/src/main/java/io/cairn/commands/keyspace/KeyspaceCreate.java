package io.cairn.commands.keyspace;

import io.cairn.api.partition.Keyspace;
import io.cairn.api.partition.Keyspaces;
import io.cairn.api.partition.Placement;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Committed;
import io.cairn.commands.ExitCodes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn keyspace create NAME --partition-by range|hash|list}: defines a keyspace, checking
 * every option before anything is written.
 */
@Command(name = "create", description = {"Creates keyspace NAME with range, hash or list placement.",
        "hash needs --buckets N (1 to 1024): keys are stored under a bucket computed from the key.",
        "list needs --values: groups separated by ';', values in a group by ',' (or one --values per group);",
        "keys are packed tuples, and those whose first element is a listed string get their group's range."})
public final class KeyspaceCreate extends BaseCommand {
    /** The schemes {@code --partition-by} accepts. */
    static final class Schemes extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Schemes() {
            super(List.of("range", "hash", "list"));
        }
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "The keyspace name: letters, digits, _ . -")
    String name;

    @Option(names = "--partition-by", required = true, paramLabel = "SCHEME", completionCandidates = Schemes.class,
            description = "range, hash or list.")
    String scheme;

    @Option(names = "--buckets", paramLabel = "N", description = "Number of hash buckets (hash only), 1 to 1024.")
    Integer buckets;

    @Option(names = "--values", paramLabel = "GROUPS",
            description = "Listed values (list only): 'a,b;c' is two groups, {a, b} and {c}; repeatable, one or more groups each.")
    List<String> values;

    /** A keyspace create command running in {@code ctx}. */
    public KeyspaceCreate(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Keyspace.checkName(name);
        Placement placement = placement();
        // Chosen once for every attempt, so that an attempt retried after commit_unknown_result
        // recognises the definition its predecessor committed instead of calling it taken.
        UUID token = UUID.randomUUID();
        AtomicReference<Keyspace> created = new AtomicReference<>();
        Committed c = Committed.writeOnce(ctx, tx -> {
            Keyspaces.Creation creation = Keyspaces.create(tx, name, placement, token);
            created.set(creation.keyspace());
            return creation.written();
        });
        Keyspace ks = created.get();
        ctx.session().rememberKeyspaces(List.of(name), false);
        Map<String, Object> fields = c.fields("keyspace-create");
        fields.putAll(KeyspaceFields.describe(ks));
        String params = KeyspaceFields.parameters(ks);
        printer().done(c.text("created keyspace '" + name + "' (" + ks.scheme() + (params.equals("-") ? "" : ", " + params)
                + ", prefix " + show(ks.prefix()) + ")"), fields);
        return ExitCodes.SUCCESS;
    }

    private Placement placement() {
        switch (scheme) {
            case "range" -> {
                noBuckets();
                noValues();
                return new Placement.Range();
            }
            case "hash" -> {
                noValues();
                if (buckets == null) {
                    throw CommandFailure.usage("--partition-by hash needs --buckets N (1 to " + Placement.Hash.MAX_BUCKETS + ")");
                }
                return new Placement.Hash(buckets);
            }
            case "list" -> {
                noBuckets();
                if (values == null) {
                    throw CommandFailure.usage("--partition-by list needs --values, e.g. --values 'us,ca;eu'");
                }
                return new Placement.ListOf(groups());
            }
            default -> throw CommandFailure.usage("unknown --partition-by '" + scheme + "'; use range, hash or list");
        }
    }

    private List<List<Object>> groups() {
        List<List<Object>> groups = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String option : values) {
            for (String group : option.split(";", -1)) {
                List<Object> g = new ArrayList<>();
                for (String v : group.split(",", -1)) {
                    String value = v.strip();
                    if (value.isEmpty()) {
                        throw CommandFailure.usage("--values '" + option + "' has an empty value; write groups as 'a,b;c'");
                    }
                    if (!seen.add(value)) {
                        throw CommandFailure.usage("--values lists '" + value + "' twice; each value belongs to one group");
                    }
                    g.add(value);
                }
                groups.add(g);
            }
        }
        return groups;
    }

    private void noBuckets() {
        if (buckets != null) {
            throw CommandFailure.usage("--buckets is for --partition-by hash, not " + scheme);
        }
    }

    private void noValues() {
        if (values != null) {
            throw CommandFailure.usage("--values is for --partition-by list, not " + scheme);
        }
    }
}
