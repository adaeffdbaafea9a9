package io.cairn.tests.robustness;

import io.cairn.commands.output.JsonWriter;

/**
 * One operation of a history: who invoked what, when, and how it ended.
 *
 * <p>Values and results are JSON-friendly objects (strings, longs, booleans, lists, maps, null),
 * as in Jepsen's histories, so that every workload shares one history format. Times are
 * nanoseconds since the history began, on the monotonic clock.
 *
 * @param index position in the history, unique
 * @param client the client that invoked it; {@link #FINAL_CLIENT} for the final reads
 * @param workload the workload it belongs to ({@code register}, {@code bank}, ...)
 * @param f the function ({@code read}, {@code write}, {@code cas}, {@code txn}, ...)
 * @param key the key it is about, or {@code null} when it spans keys
 * @param value what it was invoked with
 * @param invokeNanos when it was invoked
 * @param completeNanos when it completed; {@link Long#MAX_VALUE} when the outcome is unknown
 * @param outcome how it ended
 * @param result what it returned when {@link Outcome#OK}, otherwise {@code null}
 * @param error the error when it failed or its outcome is unknown, otherwise {@code null}
 */
public record Op(long index, int client, String workload, String f, String key, Object value, long invokeNanos,
                 long completeNanos, Outcome outcome, Object result, String error) {
    /** The client id of the reads made after the cluster was healed and restarted. */
    public static final int FINAL_CLIENT = -1;

    /** How much of a value or result {@link #describe} shows; the history file has them whole. */
    private static final int DESCRIBE_LIMIT = 400;

    /** How an operation ended. */
    public enum Outcome {
        /** It completed and its result is known. */
        OK,
        /** It certainly took no effect (a conflict, or it failed before sending its commit). */
        FAIL,
        /** It may or may not have taken effect, at any time after its invocation. */
        UNKNOWN
    }

    /** A completed operation for hand-made histories: invoked at {@code invoke}, ended at {@code complete}. */
    public static Op ok(long index, int client, String f, String key, Object value, long invoke, long complete,
                        Object result) {
        return new Op(index, client, "test", f, key, value, invoke, complete, Outcome.OK, result, null);
    }

    /** An operation whose outcome is unknown, invoked at {@code invoke}, for hand-made histories. */
    public static Op unknown(long index, int client, String f, String key, Object value, long invoke) {
        return new Op(index, client, "test", f, key, value, invoke, Long.MAX_VALUE, Outcome.UNKNOWN, null,
                "commit_unknown_result");
    }

    /** An operation that certainly failed, for hand-made histories. */
    public static Op fail(long index, int client, String f, String key, Object value, long invoke, long complete) {
        return new Op(index, client, "test", f, key, value, invoke, complete, Outcome.FAIL, null, "not_committed");
    }

    /** Whether {@code other} was invoked before this one completed and completed after this one was invoked. */
    public boolean overlaps(Op other) {
        return other.invokeNanos <= completeNanos && invokeNanos <= other.completeNanos;
    }

    /** One readable line: time, client, function, key, value, outcome and result. */
    public String describe() {
        String end = completeNanos == Long.MAX_VALUE ? "?" : Op.millis(completeNanos);
        String what = outcome == Outcome.OK ? "ok " + JsonWriter.write(result) : outcome.name().toLowerCase() + " " + error;
        return String.format("#%d [%s..%s ms] c%d %s %s%s %s -> %s", index, Op.millis(invokeNanos), end, client,
                workload, f, key == null ? "" : " " + key, shorten(JsonWriter.write(value)), shorten(what));
    }

    private static String shorten(String s) {
        return s.length() <= DESCRIBE_LIMIT ? s
                : s.substring(0, DESCRIBE_LIMIT) + "... (" + (s.length() - DESCRIBE_LIMIT) + " more characters)";
    }

    /** Nanoseconds as milliseconds with one decimal, for reports. */
    static String millis(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
