package io.cairn.tests.robustness;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * A kind of traffic the runner drives and the checker that judges it. Implementations are
 * thread-safe: many clients call {@link #step} at once.
 */
public interface Workload {
    /** The workload's name, also the {@link Op#workload()} of its operations. */
    String name();

    /** Writes the starting state, before any fault. Blocks. */
    default void setup(Database db) {}

    /** Runs one operation as {@code client}, recording it in {@code history}. Blocks; never throws a Cairn error. */
    void step(Database db, int client, Random random, History history);

    /** Reads the final state after the cluster was healed and restarted, recorded as {@link Op#FINAL_CLIENT}. */
    void finalReads(Database db, History history);

    /** Judges this workload's operations. */
    CheckResult check(List<Op> ops);

    /** UTF-8 bytes of {@code s}. */
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The text of {@code b}, or null. */
    static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Completes {@code op} after {@code e}: before the commit was sent nothing happened; a commit
     * refused for a conflict, a too old read, a full disk or for want of a leader took no effect;
     * any other commit failure may have been applied.
     */
    static void failed(History.Pending op, RuntimeException e, boolean committing) {
        String error = e instanceof CairnException ce ? ce.error().label() + ": " + ce.getMessage() : e.toString();
        // A commit error that says it certainly took no effect (a conflict, a full disk, no node to
        // send it to) is a failure; any other (unknown result, a timeout, a broken connection) may
        // have been applied.
        boolean certain = e instanceof CairnException ce && switch (ce.error()) {
            case NOT_COMMITTED, TRANSACTION_TOO_OLD, UNAVAILABLE, WRONG_LEADER, IO_ERROR -> true;
            default -> false;
        };
        if (committing && !certain) {
            op.unknown(error);
        } else {
            op.fail(error);
        }
    }
}
