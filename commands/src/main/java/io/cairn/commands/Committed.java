package io.cairn.commands;

import io.cairn.api.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs a write and reports how it ended: committed at a version, committed by an earlier attempt
 * whose reply was lost, or buffered in the shell's open transaction.
 */
public final class Committed {
    private final boolean buffered;
    private final long version;
    private final boolean byEarlierAttempt;

    private Committed(boolean buffered, long version, boolean byEarlierAttempt) {
        this.buffered = buffered;
        this.version = version;
        this.byEarlierAttempt = byEarlierAttempt;
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
        return new Committed(buffered, buffered ? -1 : last.get().getCommittedVersion(), false);
    }

    /**
     * Runs {@code work} like {@link #write}, for work that can tell when its write was already
     * committed by an earlier attempt of this same call (whose commit reply was lost, so it was
     * retried): {@code work} then writes nothing and returns false, and the result says the write
     * is committed at a version no longer known. Blocks until committed, failed or timed out.
     */
    public static Committed writeOnce(CommandContext ctx, Predicate<Transaction> work) {
        AtomicReference<Transaction> last = new AtomicReference<>();
        AtomicBoolean wrote = new AtomicBoolean();
        boolean buffered = ctx.session().inTransaction();
        Transactions.run(ctx, tx -> {
            last.set(tx);
            wrote.set(work.test(tx));
            return null;
        });
        if (buffered) {
            return new Committed(true, -1, false);
        }
        return wrote.get() ? new Committed(false, last.get().getCommittedVersion(), false) : new Committed(false, -1, true);
    }

    /** Whether the write waits in the open interactive transaction rather than being committed. */
    public boolean buffered() {
        return buffered;
    }

    /**
     * Whether an earlier attempt committed the write and its reply was lost: the write is
     * committed, at a version no longer known.
     */
    public boolean byEarlierAttempt() {
        return byEarlierAttempt;
    }

    /** The version committed at, or -1 when buffered or {@link #byEarlierAttempt()}. */
    public long version() {
        return version;
    }

    /** Text for people: {@code what} followed by how it ended. */
    public String text(String what) {
        if (buffered) {
            return what + " (in the open transaction; commit to apply)";
        }
        return byEarlierAttempt ? what + " (committed by an earlier attempt whose reply was lost; its version is unknown)"
                : what + " (committed at version " + version + ")";
    }

    /** Fields for JSON: {@code op}, then {@code committed} and {@code version}. */
    public Map<String, Object> fields(String op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", op);
        m.put("committed", !buffered);
        m.put("version", buffered || byEarlierAttempt ? null : version);
        return m;
    }
}
