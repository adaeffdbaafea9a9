package io.cairn.replication;

import io.cairn.core.Log;
import java.util.HexFormat;

/**
 * An optional record of every verdict this replica reaches, one line per record on standard error
 * (the node's log), so that a fault run can compare the replicas' verdicts version by version.
 * Enabled by the system property {@code cairn.trace.apply=true}; off, it costs one branch per
 * record. Lines: {@code APPLY-TRACE <millis> <event> key=value...}, where {@code out} is
 * {@code C} (committed at that version), {@code D} (a retry answered with an earlier version),
 * {@code R<code>} (rejected) or {@code N} (a replay the backend already held).
 */
final class ApplyTrace {
    /** Whether tracing is on for this process. */
    static final boolean ENABLED = Boolean.getBoolean("cairn.trace.apply");

    private ApplyTrace() {}

    /** Traces a record handed to the engine at {@code version} and what it answered. */
    static void record(String event, long version, Object outcome, byte[] record) {
        line(event + " v=" + version + " out=" + outcome(version, outcome) + " txn=" + transactionId(record));
    }

    /** Traces any other event: a start, a skip, a snapshot installed. */
    static synchronized void line(String text) {
        System.err.println("APPLY-TRACE " + System.currentTimeMillis() + " " + text);
    }

    private static String outcome(long version, Object outcome) {
        if (outcome instanceof Long v) {
            return v == version ? "C" : "D";
        }
        if (outcome instanceof Log.Rejection r) {
            return "R" + r.code().code();
        }
        return "N";
    }

    private static String transactionId(byte[] record) {
        try {
            byte[] id = io.cairn.api.txn.CommitRequest.decode(record, 8).transactionId();
            return id == null ? "-" : HexFormat.of().formatHex(id);
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
