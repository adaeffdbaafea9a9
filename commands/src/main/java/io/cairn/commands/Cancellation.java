package io.cairn.commands;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Transaction;

/**
 * Lets Ctrl-C cancel the operation that is running, not the shell: the running command registers
 * its transaction, and {@link #cancel()} (called from a signal handler thread) cancels it.
 *
 * <p>Thread-safe.
 */
public final class Cancellation {
    private volatile Transaction current;
    private volatile boolean cancelled;
    private volatile Runnable onCancel;

    /** Clears a previous cancellation; call before each command. */
    public void reset() {
        cancelled = false;
        current = null;
    }

    /** Registers the transaction of the running operation, cancelling it at once if Ctrl-C came first. */
    public void track(Transaction tx) {
        current = tx;
        if (cancelled) {
            tx.cancel();
        }
    }

    /** Unregisters the transaction when the operation finished with it. */
    public void untrack(Transaction tx) {
        if (current == tx) {
            current = null;
        }
    }

    /**
     * Sets what else {@link #cancel()} does, such as waking a thread waiting for input; null for
     * nothing. The action must not block.
     */
    public void onCancel(Runnable action) {
        onCancel = action;
    }

    /** Cancels the running operation; never blocks. */
    public void cancel() {
        cancelled = true;
        Transaction tx = current;
        if (tx != null) {
            tx.cancel();
        }
        Runnable action = onCancel;
        if (action != null) {
            action.run();
        }
    }

    /** Whether {@link #cancel()} was called since the last {@link #reset()}. */
    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@code transaction_cancelled} (1025) when the operation was cancelled. */
    public void check() {
        if (cancelled) {
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "cancelled by Ctrl-C");
        }
    }
}
