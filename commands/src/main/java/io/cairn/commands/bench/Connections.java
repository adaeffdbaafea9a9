package io.cairn.commands.bench;

import io.cairn.api.Database;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The databases a bench spreads its clients over: the context's own database first, then one
 * more per extra connection; client {@code i} uses connection {@code i mod count} (round-robin).
 * Closing closes the extra ones only; the context closes its own. Thread-safe after construction.
 */
final class Connections implements AutoCloseable {
    /** Most connections one bench opens. */
    static final int MAX = 1_000;

    private final List<Database> databases;

    private Connections(List<Database> databases) {
        this.databases = databases;
    }

    /**
     * Checks {@code count} before anything is opened, then opens {@code count} connections of
     * {@code ctx}; blocks while they open.
     *
     * @throws CommandFailure a usage error when {@code count} is out of range, or above 1 for a
     *     target without connections (the embedded database)
     */
    static Connections open(CommandContext ctx, int count) {
        if (count < 1 || count > MAX) {
            throw CommandFailure.usage("--connections must be between 1 and " + MAX + ", not " + count);
        }
        List<Database> dbs = new ArrayList<>();
        try {
            for (int i = 1; i < count; i++) {
                Optional<Database> extra = ctx.openConnection();
                if (extra.isEmpty()) {
                    throw CommandFailure.usage("--connections " + count + " needs a cluster (--cluster or a "
                            + "cairn.cluster file): the embedded database runs in this process, with no connection");
                }
                dbs.add(extra.get());
            }
        } catch (RuntimeException e) {
            dbs.forEach(Database::close);
            throw e;
        }
        dbs.add(0, ctx.database());
        return new Connections(List.copyOf(dbs));
    }

    /** How many connections there are. */
    int count() {
        return databases.size();
    }

    /** The database of client {@code client} (0-based): connection {@code client mod count}. */
    Database forClient(int client) {
        return databases.get(Math.floorMod(client, databases.size()));
    }

    /** Closes every connection but the context's own. */
    @Override
    public void close() {
        for (int i = 1; i < databases.size(); i++) {
            databases.get(i).close();
        }
    }
}
