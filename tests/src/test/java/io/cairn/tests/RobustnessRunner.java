package io.cairn.tests;

import io.cairn.api.CairnException;
import io.cairn.api.txn.RetryPolicy;
import io.cairn.client.RemoteDatabase;
import io.cairn.tests.robustness.AppendWorkload;
import io.cairn.tests.robustness.BankWorkload;
import io.cairn.tests.robustness.CheckResult;
import io.cairn.tests.robustness.VerdictChecker;
import io.cairn.tests.robustness.DurabilityWorkload;
import io.cairn.tests.robustness.History;
import io.cairn.tests.robustness.RegisterWorkload;
import io.cairn.tests.robustness.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * One robustness run: starts a 3-node cluster of real processes, drives every workload from
 * several clients while injecting the seed's fault schedule, heals every fault, restarts every
 * node, reads the final state, checks the history and writes a report directory.
 */
final class RobustnessRunner {
    /**
     * What to run.
     *
     * @param seed makes the fault schedule (and the clients' choices) reproducible
     * @param duration how long the load and faults last
     * @param faults the fault kinds to draw from; empty for none
     * @param clients how many clients drive the load
     * @param out the report directory (created)
     */
    record Config(long seed, Duration duration, List<Faults.Spec> faults, int clients, Path out) {}

    /** A finished run: its checks, history and faults, and where its report is. */
    record Result(Config config, List<CheckResult> checks, History history, List<Faults.Planned> plan, Path report) {
        CheckResult.Verdict verdict() {
            CheckResult.Verdict v = CheckResult.Verdict.VALID;
            for (CheckResult c : checks) {
                v = v.and(c.verdict());
            }
            return v;
        }
    }

    private static final int NODES = 3;
    private static final RetryPolicy CLIENT_RETRIES =
            new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMillis(10), Duration.ofMillis(500));

    private RobustnessRunner() {}

    /** Runs {@code config}; blocks for its duration plus start, heal, restart and checks. */
    static Result run(Config config) throws Exception {
        Files.createDirectories(config.out());
        List<Workload> workloads = List.of(new RegisterWorkload(), new BankWorkload(), new AppendWorkload(),
                new DurabilityWorkload());
        List<Faults.Planned> plan = Faults.plan(config.seed(), config.duration().toMillis(), config.faults(), NODES);
        History history = new History();
        Path clusterDir = config.out().resolve("cluster");
        CheckResult replicas = new CheckResult("replicas", CheckResult.Verdict.UNKNOWN, "not compared", List.of(),
                List.of());
        Incidents incidents = new Incidents();
        try (LocalCluster cluster = new LocalCluster(clusterDir, NODES)) {
            cluster.traceApply(true);
            cluster.startAll();
            try (RemoteDatabase db = cluster.client()) {
                leader(cluster, 60_000);
                for (Workload w : workloads) {
                    w.setup(db);
                }
            }
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = startClients(cluster, config, workloads, history, stop);
            long began = System.nanoTime();
            runSchedule(cluster, plan, history, began, config.duration().toMillis(), incidents);
            long left = config.duration().toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            if (left > 0) {
                Thread.sleep(left);
            }
            stop.set(true);
            for (Thread t : clients) {
                t.join(120_000);
            }
            // From here on a failure is recorded rather than thrown, so that the history is still checked.
            try {
                restartExited(cluster, history, incidents);
                healAndRestart(cluster, history, incidents);
                try (RemoteDatabase db = cluster.client()) {
                    leader(cluster, 60_000);
                    for (Workload w : workloads) {
                        w.finalReads(db, history);
                    }
                    replicas = compareReplicas(db);
                }
            } catch (Exception | AssertionError e) {
                incidents.errors.add("healing, restarting or the final reads failed: " + e);
            }
        }
        List<CheckResult> checks = new ArrayList<>();
        for (Workload w : workloads) {
            checks.add(checkOrUnknown(w.name(), () -> w.check(history.ops(w.name()))));
        }
        checks.add(replicas);
        checks.add(checkOrUnknown("verdicts", () -> VerdictChecker.check(clusterDir)));
        checks.add(incidents.check((int) history.faults().stream()
                .filter(f -> !f.kind().equals("restart-all") && !f.kind().equals("exited")).count()));
        Result result = new Result(config, checks, history, plan, config.out());
        RobustnessReport.write(result);
        if (result.verdict() == CheckResult.Verdict.VALID) {
            deleteDataDirectories(clusterDir);
        }
        return result;
    }

    /** A check that may fail to run. */
    interface Check {
        CheckResult run() throws Exception;
    }

    /**
     * Runs {@code check}; a checker that throws gives {@code UNKNOWN} with its error, so that the
     * report is still written with the history and the other checks.
     */
    static CheckResult checkOrUnknown(String name, Check check) {
        try {
            return check.run();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new CheckResult(name, CheckResult.Verdict.UNKNOWN, "the checker failed: " + e,
                    List.of(String.valueOf(e)), List.of());
        }
    }

    /**
     * Compares the replicas after the final restart: every member's data, hashed slice by slice at
     * a common version ({@code maintenance check}), must be identical.
     */
    private static CheckResult compareReplicas(RemoteDatabase db) {
        try {
            io.cairn.api.Database.Maintenance.CheckReport report = db.maintenance().orElseThrow().check();
            String counts = report.counts().toString();
            return report.healthy() ? CheckResult.valid("replicas", "every replica identical " + counts)
                    : new CheckResult("replicas", CheckResult.Verdict.INVALID, "replicas differ " + counts,
                            report.problems(), List.of());
        } catch (RuntimeException e) {
            return new CheckResult("replicas", CheckResult.Verdict.UNKNOWN, "could not compare the replicas",
                    List.of(String.valueOf(e)), List.of());
        }
    }

    private static List<Thread> startClients(LocalCluster cluster, Config config, List<Workload> workloads,
                                             History history, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < config.clients(); c++) {
            int client = c;
            Random random = new Random(config.seed() * 31 + client);
            RemoteDatabase.Options options = RemoteDatabase.Options.of(cluster.clientAddresses())
                    .withRequestTimeoutMillis(3_000).withRetryPolicy(CLIENT_RETRIES);
            Thread t = new Thread(() -> {
                try (RemoteDatabase db = RemoteDatabase.connect(options)) {
                    while (!stop.get()) {
                        workloads.get(random.nextInt(workloads.size())).step(db, client, random, history);
                    }
                }
            }, "robustness-client-" + client);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /**
     * What went wrong with the run itself: nodes that exited without being killed, faults that could
     * not be injected or healed. Either makes the run's verdict not valid.
     */
    static final class Incidents {
        final List<String> exits = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        /**
         * The {@code run} check: invalid when a node exited by itself (no fault makes a node exit),
         * unknown when the run could not inject, heal or restart as planned.
         */
        CheckResult check(int faults) {
            List<String> problems = new ArrayList<>(exits);
            problems.addAll(errors);
            if (!exits.isEmpty()) {
                return new CheckResult("run", CheckResult.Verdict.INVALID, exits.size() + " node exits nobody caused",
                        problems, List.of());
            }
            if (!errors.isEmpty()) {
                return new CheckResult("run", CheckResult.Verdict.UNKNOWN, "the run did not go as planned", problems,
                        List.of());
            }
            return CheckResult.valid("run", faults + " faults injected and healed; no node exited by itself");
        }
    }

    /**
     * Runs the plan, one fault at a time. A node found dead without a kill is recorded and started
     * again; a fault that cannot be injected or healed is recorded and ends the schedule (the
     * cluster's state is then unknown; the final heal still tries).
     */
    private static void runSchedule(LocalCluster cluster, List<Faults.Planned> plan, History history, long began,
                                    long durationMillis, Incidents incidents) throws InterruptedException {
        for (Faults.Planned p : plan) {
            long wait = p.atMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            if (wait > 0) {
                Thread.sleep(wait);
            }
            if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began) + p.holdMillis() > durationMillis) {
                return; // behind the plan (restarts take time): no fault may outlast the load
            }
            long start = history.now();
            LocalCluster.Member target = null;
            try {
                restartExited(cluster, history, incidents);
                target = p.spec().target() == Faults.Target.LEADER
                        ? leaderOr(cluster, p.node()) : cluster.member(p.node());
                String detail = p.spec().fault().inject(cluster, target);
                Thread.sleep(p.holdMillis());
                restartExited(cluster, history, incidents);
                p.spec().fault().heal(cluster, target);
                history.fault(p.spec().name(), target.name, start, detail + ", held " + p.holdMillis() + " ms");
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | AssertionError e) {
                String on = target == null ? "?" : target.name;
                history.fault(p.spec().name(), on, start, "failed: " + e);
                incidents.errors.add(p.spec().name() + " on " + on + " at " + start / 1_000_000 + " ms failed: " + e);
                return;
            }
        }
    }

    /**
     * Records every node whose process ended although no fault killed it, and starts it again so
     * that the run goes on with every member. A member added by a fault is only recorded (its
     * fault's heal removes it).
     */
    static void restartExited(LocalCluster cluster, History history, Incidents incidents)
            throws IOException, InterruptedException {
        List<LocalCluster.Member> all = new ArrayList<>(cluster.members());
        all.addAll(cluster.spares());
        for (LocalCluster.Member m : all) {
            Process p = m.process;
            if (p == null || p.isAlive()) {
                continue;
            }
            long at = history.now();
            String what = m.name + " exited by itself with code " + p.exitValue() + " (see cluster/" + m.name + ".log)";
            incidents.exits.add(what + ", found at " + at / 1_000_000 + " ms");
            if (cluster.members().contains(m)) {
                cluster.restart(m);
                what += "; restarted";
            }
            history.fault("exited", m.name, at, what);
        }
    }

    /**
     * Heals every fault kind on every node, then kills and restarts every node, as after a power
     * cut. A heal that fails is recorded and the others go on: the restart and the final reads
     * matter most.
     */
    private static void healAndRestart(LocalCluster cluster, History history, Incidents incidents) throws Exception {
        long start = history.now();
        for (LocalCluster.Member m : cluster.members()) {
            for (Fault f : Faults.KINDS.values()) {
                try {
                    f.heal(cluster, m);
                } catch (Exception | AssertionError e) {
                    incidents.errors.add("the final heal of " + f.name() + " on " + m.name + " failed: " + e);
                }
            }
        }
        for (LocalCluster.Member m : cluster.members()) {
            cluster.kill(m);
        }
        cluster.startAll();
        history.fault("restart-all", "all", start, "healed every fault, then SIGKILL and restart of every node");
    }

    /** The node that says it leads, or {@code fallback} when none says so within a few seconds. */
    private static LocalCluster.Member leaderOr(LocalCluster cluster, int fallback) throws InterruptedException {
        try {
            return leader(cluster, 5_000);
        } catch (AssertionError e) {
            return cluster.member(fallback);
        }
    }

    /** The node that says it leads; fails after {@code timeoutMillis}. */
    static LocalCluster.Member leader(LocalCluster cluster, long timeoutMillis) throws InterruptedException {
        RemoteDatabase.Options options = RemoteDatabase.Options.of(cluster.clientAddresses())
                .withRequestTimeoutMillis(1_000);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try (RemoteDatabase db = RemoteDatabase.connect(options)) {
            while (System.nanoTime() < end) {
                for (LocalCluster.Member m : cluster.members()) {
                    if (m.process == null) {
                        continue;
                    }
                    try {
                        Map<String, String> s = db.nodeStatus(m.client());
                        if ("Leader".equals(s.get("role"))) {
                            return m;
                        }
                    } catch (CairnException e) {
                        // Down, paused or still starting.
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no leader within " + timeoutMillis + " ms");
    }

    private static void deleteDataDirectories(Path clusterDir) throws IOException {
        try (Stream<Path> nodes = Files.list(clusterDir)) {
            for (Path n : nodes.filter(Files::isDirectory).toList()) {
                try (Stream<Path> all = Files.walk(n)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }
}
