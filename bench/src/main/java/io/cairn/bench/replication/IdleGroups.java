package io.cairn.bench.replication;

import io.cairn.replication.RaftGroup;
import io.cairn.replication.RaftGroupConfig;
import io.cairn.replication.ReplicatedStateMachine;
import java.io.BufferedReader;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The idle cost of Raft groups: three node processes on loopback, each holding one member of each
 * of N groups (one JGroups channel per group and node, as partitions need), measured while nothing
 * is written. For each node it reports threads, CPU used per second of wall time (as a share of
 * one core), resident memory and heap in use after a full collection.
 *
 * <pre>java -cp BENCH_CLASSPATH io.cairn.bench.replication.IdleGroups GROUPS [SECONDS [WARMUP_SECONDS]]</pre>
 *
 * <p>Run as {@code node} (internal), it is one of the three node processes.
 */
public final class IdleGroups {
    private static final int NODES = 3;

    private IdleGroups() {
    }

    /** Entry point: {@code GROUPS [SECONDS [WARMUP_SECONDS]]}, or {@code node ...} for a child. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("node")) {
            node(args);
            return;
        }
        if (args.length < 1) {
            System.err.println("usage: IdleGroups GROUPS [SECONDS [WARMUP_SECONDS]]");
            System.exit(2);
        }
        int groups = Integer.parseInt(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        drive(groups, seconds, warmup, System.out);
    }

    private static void drive(int groups, int seconds, int warmup, PrintStream out) throws Exception {
        int[] ports = freePorts(groups * NODES);
        String portList = Arrays.toString(ports).replaceAll("[\\[\\] ]", "");
        Path dir = Files.createTempDirectory("cairn-idle-groups");
        List<Process> nodes = new ArrayList<>();
        try {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            for (int n = 0; n < NODES; n++) {
                nodes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        IdleGroups.class.getName(), "node", Integer.toString(n), Integer.toString(groups), portList,
                        dir.resolve("n" + n).toString())
                        .redirectError(dir.resolve("n" + n + ".log").toFile()).start());
            }
            // A node that hangs (a group that never connects) must not hang the run: past a bound on
            // the whole run the nodes are killed, and the reads below end.
            long boundSeconds = 120L + 10L * groups + seconds + warmup;
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(boundSeconds));
                    System.err.println("IdleGroups: no result within " + boundSeconds + " s; stopping the nodes");
                    nodes.forEach(Process::destroyForcibly);
                } catch (InterruptedException done) {
                    // the run ended in time
                }
            }, "idle-groups-watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            List<BufferedReader> outs = new ArrayList<>();
            for (Process p : nodes) {
                outs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            long startup = System.nanoTime();
            for (BufferedReader r : outs) {
                String line = r.readLine();
                if (!"started".equals(line)) { // null or "failed: ..." when the node could not start
                    throw new IllegalStateException("a node did not start (" + line + "); logs in " + dir);
                }
            }
            waitForLeaders(nodes, outs, groups, dir);
            double electedSeconds = (System.nanoTime() - startup) / 1e9;
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            long[] cpuBefore = new long[NODES];
            for (int n = 0; n < NODES; n++) {
                cpuBefore[n] = cpuTicks(nodes.get(n).pid());
            }
            long t0 = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            double wall = (System.nanoTime() - t0) / 1e9;
            out.printf("groups per node %d: every group had a leader %.1f s after the nodes started%n", groups,
                    electedSeconds);
            out.println("node  threads  cpu (% of one core)  rss MiB  heap after gc MiB");
            for (int n = 0; n < NODES; n++) {
                Process p = nodes.get(n);
                double cpu = (cpuTicks(p.pid()) - cpuBefore[n]) / 100.0 / wall * 100;
                long threads = procStatus(p.pid(), "Threads:");
                long rssKib = procStatus(p.pid(), "VmRSS:");
                PrintWriter in = new PrintWriter(p.getOutputStream(), true, StandardCharsets.UTF_8);
                in.println("heap");
                long heap = Long.parseLong(outs.get(n).readLine().trim());
                out.printf("n%d    %7d  %19.1f  %7.0f  %17.1f%n", n, threads, cpu, rssKib / 1024.0, heap / 1048576.0);
            }
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
            }
            for (Process p : nodes) {
                p.waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(dir);
        }
    }

    private static void waitForLeaders(List<Process> nodes, List<BufferedReader> outs, int groups, Path dir)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60 + groups);
        while (true) {
            int led = 0;
            for (int n = 0; n < NODES; n++) {
                PrintWriter in = new PrintWriter(nodes.get(n).getOutputStream(), true, StandardCharsets.UTF_8);
                in.println("leaders");
                led += Integer.parseInt(outs.get(n).readLine().trim());
            }
            if (led == groups) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(led + " of " + groups + " groups have a leader; logs in " + dir);
            }
            Thread.sleep(200);
        }
    }

    /** A child: one member of each group; answers "leaders" and "heap" on stdin until it closes. */
    private static void node(String[] args) {
        try {
            runNode(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.out.println("failed: " + e);
        }
        System.exit(0);
    }

    private static void runNode(String[] args) throws Exception {
        int me = Integer.parseInt(args[1]);
        int groups = Integer.parseInt(args[2]);
        int[] ports = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
        Path dir = Path.of(args[4]);
        InetAddress lo = InetAddress.getLoopbackAddress();
        List<String> names = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            names.add("n" + n);
        }
        List<RaftGroup> mine = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<InetSocketAddress> hosts = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                hosts.add(new InetSocketAddress(lo, ports[g * NODES + n]));
            }
            mine.add(RaftGroup.start(new RaftGroupConfig("idle-" + g, "n" + me, hosts.get(me), hosts, names,
                    dir.resolve("g" + g), true, RaftGroupConfig.DEFAULT_MAX_LOG_BYTES), new Nothing()));
        }
        System.out.println("started");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.equals("leaders")) {
                System.out.println(mine.stream().filter(RaftGroup::isLeader).count());
            } else if (line.equals("heap")) {
                System.gc();
                Runtime rt = Runtime.getRuntime();
                System.out.println(rt.totalMemory() - rt.freeMemory());
            }
            System.out.flush();
        }
        mine.forEach(RaftGroup::close);
    }

    /** User plus system time of a process, in clock ticks (100 per second on Linux). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    /**
     * {@code n} ports free now, taken below the kernel's ephemeral range (32768 and up on Linux):
     * JGroups' failure detection binds ephemeral ports while the groups start, and one of those
     * could otherwise take a port handed out here before its group binds it. Failure detection
     * also listens on the 4 ports from the group's port + 100 (FD_SOCK2's offset and range), so the
     * ports come in runs of 100 with 104 left free after each run.
     */
    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        int found = 0;
        int start = 20_000 + new java.util.Random().nextInt(4_000);
        for (int port = start; found < n && port < 32_768; port++) {
            if ((port - start) % 204 >= 100) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                ports[found++] = s.getLocalPort();
            } catch (IOException taken) {
                // try the next one
            }
        }
        if (found < n) {
            throw new IOException("only " + found + " of " + n + " free ports between " + start + " and 32767");
        }
        return ports;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A state machine that holds nothing: only the groups' own traffic is measured. */
    private static final class Nothing implements ReplicatedStateMachine {
        @Override
        public byte[] apply(byte[] entry) {
            return new byte[0];
        }

        @Override
        public byte[] query(byte[] query) {
            return new byte[0];
        }

        @Override
        public void checkpoint(DataOutput out) {
        }

        @Override
        public void install(DataInput in) {
        }
    }
}
