package io.cairn.tests.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares the verdicts the replicas reached, record by record, from the apply trace in their logs
 * (nodes started with {@code -Dcairn.trace.apply=true}; lines {@code APPLY-TRACE <millis> apply|recover
 * v=<version> out=<C|D|R<code>|N> txn=<id>}).
 *
 * <p>Every replica applies the same log, so for each version every replica must reach the same
 * verdict, before and after its restarts: committed ({@code C}), a retry answered with an earlier
 * commit ({@code D}), or rejected with one code. Replays of what the backend already held
 * ({@code N}) carry no verdict. No transaction id may commit at two versions. This finds a
 * divergence as soon as it happens, even when no workload's history shows it.
 */
public final class VerdictChecker {
    private static final String MARK = "APPLY-TRACE ";

    private VerdictChecker() {}

    /** Checks the logs {@code <node>.log} in {@code dir}. */
    public static CheckResult check(Path dir) throws IOException {
        Map<String, List<String>> logs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".log")).sorted().toList()) {
                String name = p.getFileName().toString();
                logs.put(name.substring(0, name.length() - 4), Files.readAllLines(p, StandardCharsets.ISO_8859_1));
            }
        }
        return check(logs);
    }

    /** Checks the log lines of each node, by node name. */
    public static CheckResult check(Map<String, List<String>> logs) {
        Map<Long, Map<String, Set<String>>> verdicts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long records = 0;
        for (var log : logs.entrySet()) {
            Map<String, Long> committed = new HashMap<>();
            for (String line : log.getValue()) {
                int at = line.indexOf(MARK);
                if (at < 0) {
                    continue;
                }
                String[] f = line.substring(at + MARK.length()).trim().split(" ");
                if (f.length < 2 || !(f[1].equals("apply") || f[1].equals("recover"))) {
                    continue;
                }
                Map<String, String> kv = new HashMap<>();
                for (int i = 2; i < f.length; i++) {
                    int eq = f[i].indexOf('=');
                    if (eq > 0) {
                        kv.put(f[i].substring(0, eq), f[i].substring(eq + 1));
                    }
                }
                String out = kv.getOrDefault("out", "N");
                if (out.equals("N") || !kv.containsKey("v")) {
                    continue;
                }
                records++;
                long version = Long.parseLong(kv.get("v"));
                verdicts.computeIfAbsent(version, v -> new TreeMap<>())
                        .computeIfAbsent(log.getKey(), n -> new TreeSet<>()).add(out);
                String txn = kv.getOrDefault("txn", "-");
                if (out.equals("C") && !txn.equals("-") && !txn.equals("?")) {
                    Long earlier = committed.putIfAbsent(txn, version);
                    if (earlier != null && earlier != version) {
                        problems.add(log.getKey() + " committed transaction " + txn + " twice, at versions " + earlier
                                + " and " + version);
                    }
                }
            }
        }
        if (records == 0) {
            return new CheckResult("verdicts", CheckResult.Verdict.UNKNOWN,
                    "no apply trace in the nodes' logs (start them with -Dcairn.trace.apply=true)", List.of(), List.of());
        }
        for (var e : verdicts.entrySet()) {
            Set<String> all = new TreeSet<>();
            e.getValue().values().forEach(all::addAll);
            if (all.size() > 1) {
                problems.add("version " + e.getKey() + ": the replicas' verdicts differ " + e.getValue());
            }
        }
        String summary = records + " verdicts on " + verdicts.size() + " versions from " + logs.size() + " nodes";
        return problems.isEmpty() ? CheckResult.valid("verdicts", summary + ", all alike")
                : new CheckResult("verdicts", CheckResult.Verdict.INVALID, summary, problems, List.of());
    }
}
