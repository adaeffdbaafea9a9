package io.cairn.commands;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;
import java.time.Duration;
import java.util.function.Function;

/**
 * Runs a command's work in a transaction: in the shell's open interactive transaction when there
 * is one, otherwise in a new one that is committed and retried on conflicts within the timeout.
 */
public final class Transactions {
    private Transactions() {}

    /**
     * Runs {@code work} and returns its result; blocks until committed, failed or timed out.
     *
     * <p>Outside an interactive transaction the work may run more than once (on conflicts), so it
     * must not change state outside the transaction. Inside one, it runs once and is not committed.
     *
     * @throws CairnException {@code transaction_timed_out} (1031) when the context's timeout passes,
     *     {@code transaction_cancelled} (1025) on Ctrl-C, or what the database threw
     */
    public static <T> T run(CommandContext ctx, Function<Transaction, T> work) {
        Session session = ctx.session();
        Cancellation cancellation = ctx.cancellation();
        if (session.inTransaction()) {
            cancellation.check();
            return work.apply(session.transaction());
        }
        Duration timeout = ctx.timeout();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        return ctx.database().run(tx -> {
            cancellation.track(tx);
            try {
                cancellation.check();
                if (deadline != Long.MAX_VALUE) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new CairnException(ErrorCode.TRANSACTION_TIMED_OUT,
                                "the operation did not finish within --timeout " + Durations.format(timeout));
                    }
                    tx.setTimeout(Duration.ofNanos(left));
                }
                return work.apply(tx);
            } finally {
                cancellation.untrack(tx);
            }
        });
    }
}
