package io.cairn.commands.bench;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.commands.BaseCommand;
import io.cairn.commands.CommandContext;
import io.cairn.commands.CommandFailure;
import io.cairn.commands.Durations;
import io.cairn.commands.ExitCodes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn bench WORKLOAD}: runs a load against the database and reports throughput and latency. */
@Command(name = "bench", description = {
        "Runs a load against the database (embedded, or the cluster with --cluster) and reports throughput, "
                + "latency percentiles (p50, p90, p99, p99.9, max), errors by name and the conflict rate.",
        "WORKLOAD is one of: put, get, mixed, scan, txn, bank, ycsb-a, ycsb-b, ycsb-c, ycsb-e, ycsb-f.",
        "Every key lives under --prefix (default bench/); workloads that read load their keys first "
                + "(--no-load reuses them) and --clean removes the prefix afterwards.",
        "Exit code 0 when every operation succeeded; the code of the failure when operations failed "
                + "after their retries; 70 when the bank's total changed; 130 when cancelled with Ctrl-C "
                + "(the report still covers what was measured)."})
public final class Bench extends BaseCommand {
    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "The workload: put, get, mixed, scan, txn, bank, "
            + "ycsb-a, ycsb-b, ycsb-c, ycsb-e or ycsb-f.")
    String workload;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients, each with one operation in flight (default 16).")
    int clients = 16;

    @Option(names = "--connections", paramLabel = "N", description = "Connections to the cluster that the clients are "
            + "spread over, round-robin (default 1: every client shares one pipelined connection). A cluster only: "
            + "the embedded database has no connections, and more than 1 is refused.")
    int connections = 1;

    @Option(names = "--duration", paramLabel = "DURATION", description = "How long to measure, e.g. 30s (default 10s); "
            + "not with --ops.")
    String duration;

    @Option(names = "--ops", paramLabel = "N", description = "Measure this many operations instead of a duration.")
    long ops;

    @Option(names = "--warmup", paramLabel = "DURATION", description = "Run unmeasured for this long first (default 1s; 0 for none).")
    String warmup = "1s";

    @Option(names = "--rate", paramLabel = "OPS/S", description = "Open loop: start operations at this rate, and measure "
            + "latency from when each was due (default: closed loop, as fast as the clients go).")
    double rate;

    @Option(names = "--keys", paramLabel = "N", description = "Size of the key space (default 100000); accounts for bank.")
    long keys = 100_000;

    @Option(names = "--key-size", paramLabel = "BYTES", description = "Key length, prefix included (default 16).")
    int keySize = 16;

    @Option(names = "--value-size", paramLabel = "BYTES", description = "Value length (default 100).")
    int valueSize = 100;

    @Option(names = "--distribution", paramLabel = "NAME", description = "Key choice: uniform, zipfian or latest "
            + "(default uniform; zipfian for the YCSB workloads).")
    String distribution;

    @Option(names = "--read-fraction", paramLabel = "F", description = "Share of gets in mixed, 0 to 1 (default 0.9).")
    double readFraction = 0.9;

    @Option(names = "--scan-length", paramLabel = "N", description = "Keys per scan; the longest scan in ycsb-e (default 100).")
    int scanLength = 100;

    @Option(names = "--txn-reads", paramLabel = "N", description = "Gets per transaction in txn (default 4).")
    int txnReads = 4;

    @Option(names = "--txn-writes", paramLabel = "N", description = "Puts per transaction in txn (default 2).")
    int txnWrites = 2;

    @Option(names = "--prefix", paramLabel = "KEY", description = "Prefix of every key the bench writes (default bench/).")
    String prefix = "bench/";

    @Option(names = "--no-load", description = "Do not load the keys first; reuse those of an earlier run.")
    boolean noLoad;

    @Option(names = "--clean", description = "Remove every key under the prefix when done.")
    boolean clean;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the random choices (default: a new one each run).")
    Long seed;

    /** Keys loaded per transaction before a run. */
    private static final int LOAD_BATCH = 100;

    /** A bench command running in {@code ctx}. */
    public Bench(CommandContext ctx) {
        super(ctx);
    }

    @Override
    public Integer call() {
        Workload w = parseWorkload();
        Runner.Plan plan = plan();
        byte[] prefixBytes = key(prefix, "--prefix");
        if (prefixBytes.length == 0) {
            throw CommandFailure.usage("--prefix must not be empty: the bench would write among the user's keys");
        }
        if (w == Workload.BANK && keys < 2) {
            throw CommandFailure.usage("bank needs --keys of at least 2 accounts, not " + keys);
        }
        KeySpace space = keySpace(w, prefixBytes);
        KeyChooser.Distribution dist = distribution(w);
        Operations.Params params = new Operations.Params(w, space, new KeyChooser(dist, keys, new AtomicLong(keys)),
                valueSize, readFraction, scanLength, txnReads, txnWrites);
        if (connections > clients) {
            throw CommandFailure.usage("--connections " + connections + " is more than --clients " + clients
                    + ": a connection would carry no client");
        }
        try (Connections conns = Connections.open(ctx, connections)) {
            return measure(w, plan, params, prefixBytes, space, dist, conns);
        }
    }

    /** Loads, runs, checks, cleans and reports; returns the exit code. */
    private int measure(Workload w, Runner.Plan plan, Operations.Params params, byte[] prefixBytes, KeySpace space,
                        KeyChooser.Distribution dist, Connections conns) {
        Database db = conns.forClient(0);
        long baseSeed = seed != null ? seed : System.nanoTime();
        if (w == Workload.BANK || (w.needsData() && !noLoad)) {
            load(conns, params, baseSeed);
        }
        Runner runner = new Runner(plan, Runner.Clock.SYSTEM, ctx.cancellation()::isCancelled);
        Progress progress = ctx.isTerminal() ? Progress.start(ctx.err(), w.label(), runner) : null;
        Results results;
        try {
            results = runner.run(i -> client(conns.forClient(i), params, new Random(baseSeed + 1 + i)));
        } finally {
            if (progress != null) {
                progress.stop();
            }
        }
        List<String> problems = w == Workload.BANK ? Operations.Bank.check(readAll(db, space.all()), keys) : List.of();
        if (clean) {
            db.run(tx -> {
                tx.clear(Range.startsWith(prefixBytes));
                return null;
            });
        }
        Map<String, Object> report = Report.fields(w, plan, dist, this, results, problems);
        if (ctx.outputFormat() == io.cairn.commands.OutputFormat.JSON) {
            printer().record(report);
        } else {
            printer().record(Report.text(report));
        }
        if (ctx.cancellation().isCancelled()) {
            ctx.err().println("cairn: bench cancelled; the report covers the operations measured until then");
            return ExitCodes.CANCELLED;
        }
        if (!problems.isEmpty()) {
            ctx.err().println("cairn: bank invariant broken: " + String.join("; ", problems));
            return ExitCodes.INTERNAL;
        }
        if (results.succeeded() == 0 && results.failed() == 0) {
            ctx.err().println("cairn: no operation completed within the measured time (" + results.attempts()
                    + " attempts; retried: " + results.retried() + "); is the database reachable?");
            return ExitCodes.UNAVAILABLE;
        }
        if (results.failed() > 0) {
            ctx.err().println("cairn: " + results.failed() + " operations failed; one of them: "
                    + ExitCodes.message(results.lastError()));
            return ExitCodes.of(results.lastError());
        }
        return ExitCodes.SUCCESS;
    }

    private Workload parseWorkload() {
        try {
            return Workload.of(workload);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage(e.getMessage());
        }
    }

    private Runner.Plan plan() {
        if (clients < 1 || clients > 10_000) {
            throw CommandFailure.usage("--clients must be between 1 and 10000, not " + clients);
        }
        if (ops < 0) {
            throw CommandFailure.usage("--ops must be positive, not " + ops);
        }
        if (ops > 0 && duration != null) {
            throw CommandFailure.usage("give --duration or --ops, not both");
        }
        Duration d = ops > 0 ? Duration.ZERO : Durations.parse(duration == null ? "10s" : duration, "--duration");
        if (ops == 0 && d.isZero()) {
            throw CommandFailure.usage("--duration must be longer than 0");
        }
        if (rate < 0 || Double.isNaN(rate) || Double.isInfinite(rate)) {
            throw CommandFailure.usage("--rate must be a positive number of operations per second, not " + rate);
        }
        if (keys < 1) {
            throw CommandFailure.usage("--keys must be at least 1, not " + keys);
        }
        if (valueSize < 0 || valueSize > io.cairn.api.Limits.MAX_VALUE_SIZE) {
            throw CommandFailure.usage("--value-size must be between 0 and " + io.cairn.api.Limits.MAX_VALUE_SIZE
                    + ", not " + valueSize);
        }
        if (!(readFraction >= 0 && readFraction <= 1)) {
            throw CommandFailure.usage("--read-fraction must be between 0 and 1, not " + readFraction);
        }
        if (scanLength < 1 || txnReads < 0 || txnWrites < 0 || txnReads + txnWrites == 0) {
            throw CommandFailure.usage("--scan-length must be at least 1 and --txn-reads plus --txn-writes at least 1");
        }
        Duration warm = Durations.parse(warmup, "--warmup");
        return new Runner.Plan(clients, rate, warm.toNanos(), d.toNanos(), ops);
    }

    private KeySpace keySpace(Workload w, byte[] prefixBytes) {
        byte[] p = prefixBytes;
        if (w == Workload.BANK) {
            p = java.util.Arrays.copyOf(prefixBytes, prefixBytes.length + 5);
            System.arraycopy("bank/".getBytes(StandardCharsets.US_ASCII), 0, p, prefixBytes.length, 5);
        }
        if (keySize < 1 || keySize > io.cairn.api.Limits.MAX_KEY_SIZE) {
            throw CommandFailure.usage("--key-size must be between 1 and " + io.cairn.api.Limits.MAX_KEY_SIZE
                    + ", not " + keySize);
        }
        int size = Math.max(keySize, p.length + Long.toString(keys - 1).length());
        if (w != Workload.BANK && size > keySize) {
            throw CommandFailure.usage("--key-size " + keySize + " is too small for the prefix " + show(prefixBytes)
                    + " and " + keys + " keys; it needs at least " + size);
        }
        return new KeySpace(p, size);
    }

    private KeyChooser.Distribution distribution(Workload w) {
        if (distribution == null) {
            return w.isYcsb() ? KeyChooser.Distribution.ZIPFIAN : KeyChooser.Distribution.UNIFORM;
        }
        try {
            return KeyChooser.Distribution.valueOf(distribution.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CommandFailure.usage("--distribution must be uniform, zipfian or latest, not '" + distribution + "'");
        }
    }

    private Runner.Client client(Database db, Operations.Params params, Random rnd) {
        Attempts attempts = new Attempts(db);
        Operations ops = new Operations(params, attempts, rnd);
        return new Runner.Client() {
            @Override
            public String next() {
                return ops.next();
            }

            @Override
            public Attempts attempts() {
                return attempts;
            }
        };
    }

    /** Loads every key of the key space in batches, from up to 8 threads spread over the connections; blocks. */
    private void load(Connections conns, Operations.Params params, long baseSeed) {
        int threads = Math.min(8, Math.max(1, clients));
        AtomicLong next = new AtomicLong();
        java.util.function.IntConsumer worker = n -> {
            Attempts attempts = new Attempts(conns.forClient(n));
            Random rnd = new Random(baseSeed);
            for (long from = next.getAndAdd(LOAD_BATCH); from < keys && !ctx.cancellation().isCancelled();
                    from = next.getAndAdd(LOAD_BATCH)) {
                Operations.load(params, attempts, rnd, from, Math.min(keys, from + LOAD_BATCH));
            }
        };
        List<Thread> started = new ArrayList<>();
        List<RuntimeException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 1; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    worker.accept(n);
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }, "bench-load-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        worker.accept(0);
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure(ExitCodes.CANCELLED, "interrupted while loading keys");
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    /** Every pair of {@code range}, read after the run in read transactions of 1,000 pairs each. */
    private static List<KeyValue> readAll(Database db, Range range) {
        List<KeyValue> all = new ArrayList<>();
        byte[] begin = range.begin();
        while (true) {
            Range r = new Range(begin, range.end());
            List<KeyValue> chunk = db.read(tx -> tx.getRange(r, 1_000, false));
            all.addAll(chunk);
            if (chunk.size() < 1_000) {
                return all;
            }
            begin = io.cairn.api.Bytes.keyAfter(chunk.get(chunk.size() - 1).key());
        }
    }

    /** The options as the report states them. */
    Map<String, Object> settings(Workload w, KeyChooser.Distribution dist) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", w.label());
        m.put("target", target());
        m.put("clients", clients);
        m.put("connections", connections);
        m.put("rate", rate > 0 ? rate : null);
        m.put("keys", keys);
        m.put("key-size", keySize);
        m.put("value-size", valueSize);
        m.put("distribution", dist.name().toLowerCase(Locale.ROOT));
        return m;
    }

    private String target() {
        for (CommandContext.Setting s : ctx.settings()) {
            if (s.key().equals("cluster") && s.value() != null && !s.value().isEmpty()) {
                return "cluster " + s.value() + consistency();
            }
        }
        Object nodes;
        try {
            nodes = ctx.status().get("nodes");
        } catch (RuntimeException e) {
            return "cluster (status unavailable: " + ExitCodes.message(e) + ")";
        }
        return nodes != null ? "cluster " + nodes + consistency() : "embedded";
    }

    private String consistency() {
        for (CommandContext.Setting s : ctx.settings()) {
            if (s.key().equals("consistency")) {
                return " (" + s.value() + ")";
            }
        }
        return "";
    }
}
