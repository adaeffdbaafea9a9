package io.cairn.tests;

import io.cairn.tests.robustness.CheckResult;
import io.cairn.tests.robustness.FaultEvent;
import io.cairn.tests.robustness.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes a run's report directory: {@code history.jsonl} (every operation and fault, one JSON
 * object a line), {@code faults.txt}, {@code report.md} (readable: configuration, counts, faults,
 * verdicts, failing windows) and {@code verdict.txt}.
 */
final class RobustnessReport {
    private static final int WINDOW_LINES = 60;

    private RobustnessReport() {}

    static void write(RobustnessRunner.Result r) throws IOException {
        Path dir = r.report();
        r.history().writeJsonLines(dir.resolve("history.jsonl"));
        List<FaultEvent> faults = r.history().faults();
        Files.write(dir.resolve("faults.txt"), faults.stream().map(FaultEvent::describe).toList());
        Files.writeString(dir.resolve("verdict.txt"), r.verdict().name() + "\n");
        Files.writeString(dir.resolve("report.md"), text(r));
    }

    /** The readable report. */
    static String text(RobustnessRunner.Result r) {
        StringBuilder sb = new StringBuilder();
        RobustnessRunner.Config c = r.config();
        sb.append("# Robustness run\n\n");
        sb.append("- seed: ").append(c.seed()).append('\n');
        sb.append("- duration: ").append(c.duration().toSeconds()).append(" s, clients: ").append(c.clients())
                .append(", nodes: 3\n");
        sb.append("- faults: ").append(c.faults().stream().map(Faults.Spec::name).collect(Collectors.joining(",")))
                .append('\n');
        sb.append("- verdict: **").append(r.verdict()).append("**\n\n");
        sb.append("## Operations\n\n| workload | f | ok | fail | unknown |\n|---|---|---|---|---|\n");
        Map<String, long[]> counts = new TreeMap<>();
        for (Op o : r.history().ops()) {
            long[] n = counts.computeIfAbsent(o.workload() + " | " + o.f(), k -> new long[3]);
            n[o.outcome().ordinal()]++;
        }
        counts.forEach((k, n) -> sb.append("| ").append(k).append(" | ").append(n[0]).append(" | ").append(n[1])
                .append(" | ").append(n[2]).append(" |\n"));
        List<FaultEvent> faults = r.history().faults();
        Map<String, Long> byKind = faults.stream().collect(Collectors.groupingBy(FaultEvent::kind, TreeMap::new,
                Collectors.counting()));
        sb.append("\n## Faults (").append(faults.size()).append(": ").append(byKind).append(")\n\n```\n");
        faults.forEach(f -> sb.append(f.describe()).append('\n'));
        sb.append("```\n\n## Checks\n\n");
        for (CheckResult check : r.checks()) {
            sb.append("- ").append(check.checker()).append(": **").append(check.verdict()).append("** (")
                    .append(check.summary()).append(")\n");
            check.problems().stream().limit(20).forEach(p -> sb.append("  - ").append(p).append('\n'));
            if (check.problems().size() > 20) {
                sb.append("  - ... and ").append(check.problems().size() - 20).append(" more\n");
            }
        }
        for (CheckResult check : r.checks()) {
            if (!check.window().isEmpty()) {
                sb.append("\n## Failing window: ").append(check.checker()).append("\n\n```\n");
                window(sb, check.window(), faults);
                sb.append("```\n");
            }
        }
        return sb.toString();
    }

    /** The window's operations, and the faults that overlap its time span. */
    private static void window(StringBuilder sb, List<Op> window, List<FaultEvent> faults) {
        long from = window.stream().mapToLong(Op::invokeNanos).min().orElse(0);
        long to = window.stream().mapToLong(o -> o.completeNanos() == Long.MAX_VALUE ? o.invokeNanos()
                : o.completeNanos()).max().orElse(0);
        if (window.size() > WINDOW_LINES) {
            sb.append("(the first ").append(window.size() - WINDOW_LINES).append(" of ").append(window.size())
                    .append(" operations left out)\n");
        }
        window.subList(Math.max(0, window.size() - WINDOW_LINES), window.size())
                .forEach(o -> sb.append(o.describe()).append('\n'));
        for (FaultEvent f : faults) {
            if (f.startNanos() <= to && f.endNanos() >= from) {
                sb.append("fault ").append(f.describe()).append('\n');
            }
        }
    }
}
