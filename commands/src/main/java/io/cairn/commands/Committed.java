package io.cairn.commands;

import io.cairn.api.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs a write and reports how it ended: committed at a version, or buffered in the shell's
 * open transaction.
 */
public final class Committed {
    private final boolean buffered;
    private final long version;

    private Committed(boolean buffered, long version) {
        this.buffered = buffered;
        this.version = version;
    }

    /** Runs {@code work} with {@link Transactions#run} and returns how it ended; blocks until then. */
    public static Committed write(CommandContext ctx, Consumer<Transaction> work) {
        AtomicReference<Transaction> last = new AtomicReference<>();
        boolean buffered = ctx.session().inTransaction();
        Transactions.run(ctx, tx -> {
            last.set(tx);
            work.accept(tx);
            return null;
        });
        return new Committed(buffered, buffered ? -1 : last.get().getCommittedVersion());
    }

    /** Whether the write waits in the open interactive transaction rather than being committed. */
    public boolean buffered() {
        return buffered;
    }

    /** The version committed at, or -1 when buffered. */
    public long version() {
        return version;
    }

    /** Text for people: {@code what} followed by how it ended. */
    public String text(String what) {
        return buffered ? what + " (in the open transaction; commit to apply)" : what + " (committed at version " + version + ")";
    }

    /** Fields for JSON: {@code op}, then {@code committed} and {@code version}. */
    public Map<String, Object> fields(String op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("committed", !buffered);
        m.put("version", buffered ? null : version);
        return m;
    }
}
