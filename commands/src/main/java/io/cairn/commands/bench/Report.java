package io.cairn.commands.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.HdrHistogram.Histogram;

/** Turns a bench run's results into the fields printed as JSON, or as {@code name: value} lines. */
final class Report {
    private Report() {}

    /** The report's fields: settings, then measurements; latencies in milliseconds. */
    static Map<String, Object> fields(Workload w, Runner.Plan plan, KeyChooser.Distribution dist, Bench bench,
                                      Results r, List<String> problems) {
        Map<String, Object> m = bench.settings(w, dist);
        m.put("warmup-s", plan.warmupNanos() / 1e9);
        m.put("elapsed-s", Math.round(r.elapsedNanos() / 1e6) / 1e3);
        m.put("ops", r.succeeded());
        m.put("failed", r.failed());
        m.put("throughput", Math.round(r.throughput() * 10) / 10.0);
        m.put("latency-ms", Results.latency(r.all()));
        Map<String, Object> byType = new LinkedHashMap<>();
        for (Map.Entry<String, Histogram> e : r.byType().entrySet()) {
            byType.put(e.getKey(), Results.latency(e.getValue()));
        }
        m.put("by-type", byType);
        m.put("errors", new LinkedHashMap<String, Object>(r.failures()));
        m.put("retried", new LinkedHashMap<String, Object>(r.retried()));
        m.put("attempts", r.attempts());
        m.put("conflicts", r.conflicts());
        m.put("conflict-rate", Math.round(r.conflictRate() * 1e6) / 1e6);
        if (w == Workload.BANK) {
            Map<String, Object> inv = new LinkedHashMap<>();
            inv.put("ok", problems.isEmpty());
            inv.put("problems", List.copyOf(problems));
            m.put("invariant", inv);
        }
        return m;
    }

    /** The same fields for people: nested maps written on one line each. */
    static Map<String, Object> text(Map<String, Object> fields) {
        Map<String, Object> t = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().equals("by-type") && v instanceof Map<?, ?> types) {
                for (Map.Entry<?, ?> type : types.entrySet()) {
                    t.put("latency-ms " + type.getKey(), line(type.getValue()));
                }
            } else if (v instanceof Map<?, ?> || v instanceof List<?>) {
                t.put(e.getKey(), line(v));
            } else {
                t.put(e.getKey(), v == null ? "-" : v);
            }
        }
        return t;
    }

    private static String line(Object v) {
        if (v instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "none";
            }
            StringJoiner j = new StringJoiner("  ");
            map.forEach((k, x) -> j.add(k + " " + line(x)));
            return j.toString();
        }
        if (v instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join("; ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(v);
    }
}
