package io.cairn.commands.bench;

import io.cairn.api.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * What a bench run measured: latency histograms by operation type, failures and retried errors
 * by name, attempts and conflicts, and the measured time. Not thread-safe; filled once the clients are done.
 */
final class Results {
    private final Map<String, Histogram> byType = new TreeMap<>();
    private final Map<String, Long> failures = new TreeMap<>();
    private final Map<String, Long> retried = new TreeMap<>();
    private long attempts;
    private long conflicts;
    private long elapsedNanos;
    private RuntimeException lastError;

    /** Adds one client's measurements. */
    void add(Map<String, Histogram> histograms, Map<String, Long> errors, Attempts a, RuntimeException error) {
        histograms.forEach((type, h) -> byType.computeIfAbsent(type,
                t -> new Histogram(Runner.MAX_LATENCY_NANOS, 3)).add(h));
        errors.forEach((name, n) -> failures.merge(name, n, Long::sum));
        for (Map.Entry<ErrorCode, Long> e : a.retried().entrySet()) {
            retried.merge(e.getKey().label(), e.getValue(), Long::sum);
        }
        attempts += a.attempts();
        conflicts += a.conflicts();
        if (error != null) {
            lastError = error;
        }
    }

    void elapsedNanos(long nanos) {
        elapsedNanos = nanos;
    }

    /** The measured time, from the end of the warm-up to the last measured operation's end. */
    long elapsedNanos() {
        return elapsedNanos;
    }

    /** Operations that succeeded, of every type. */
    long succeeded() {
        long n = 0;
        for (Map.Entry<String, Histogram> e : byType.entrySet()) {
            if (!e.getKey().equals("failed")) {
                n += e.getValue().getTotalCount();
            }
        }
        return n;
    }

    /** Operations that failed after their retries, by error name. */
    Map<String, Long> failures() {
        return failures;
    }

    /** Operations that failed in total. */
    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One failure's exception, for its message; null when none failed. */
    RuntimeException lastError() {
        return lastError;
    }

    /** The latencies of every successful operation. */
    Histogram all() {
        Histogram all = new Histogram(Runner.MAX_LATENCY_NANOS, 3);
        byType.forEach((type, h) -> {
            if (!type.equals("failed")) {
                all.add(h);
            }
        });
        return all;
    }

    /** The latency histograms by operation type ({@code failed} for failed operations). */
    Map<String, Histogram> byType() {
        return byType;
    }

    /** Successful operations per second over the measured time; 0 when nothing was measured. */
    double throughput() {
        return elapsedNanos == 0 ? 0 : succeeded() * 1e9 / elapsedNanos;
    }

    /** Attempts that conflicted, as a fraction of all attempts; 0 when there were none. */
    double conflictRate() {
        return attempts == 0 ? 0 : (double) conflicts / attempts;
    }

    long attempts() {
        return attempts;
    }

    long conflicts() {
        return conflicts;
    }

    /** Errors that were retried (and may have succeeded on a later attempt), by name. */
    Map<String, Long> retried() {
        return retried;
    }

    /** Latency summary of {@code h} in milliseconds: count, mean, p50, p90, p99, p99.9, max. */
    static Map<String, Object> latency(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", h.getTotalCount());
        m.put("mean", ms(h.getTotalCount() == 0 ? 0 : (long) h.getMean()));
        m.put("p50", ms(h.getValueAtPercentile(50)));
        m.put("p90", ms(h.getValueAtPercentile(90)));
        m.put("p99", ms(h.getValueAtPercentile(99)));
        m.put("p99.9", ms(h.getValueAtPercentile(99.9)));
        m.put("max", ms(h.getMaxValue()));
        return m;
    }

    /** Nanoseconds as milliseconds, rounded to the microsecond. */
    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
