package io.cairn.tests;

import io.cairn.api.CairnException;
import io.cairn.client.RemoteDatabase;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of {@code cairn node start} processes on loopback with free ports, each with its own
 * data directory and log file under a base directory. Closing it kills every process.
 *
 * <p>Every node is started with fault injection allowed, and the cluster injects faults:
 * <ul>
 *   <li>{@link #kill} (SIGKILL) and {@link #restart}; {@link #leader} finds whom to kill;</li>
 *   <li>{@link #pause} (SIGSTOP for a while, then SIGCONT);</li>
 *   <li>{@link #partition} / {@link #isolate} and {@link #heal}: Raft group traffic between sides
 *       is dropped at each node's transport (see docs/cluster.md); a restarted node gets its cut back;</li>
 *   <li>{@link #diskBudget} / {@link #diskFull} / {@link #diskFreed}: the node's disk fills up;</li>
 *   <li>{@link TcpProxy}: a proxy in front of a node whose client connections can all be cut.</li>
 * </ul>
 * Fault methods block until the fault is in place. A {@link #pause} may run on its own thread while
 * others inject faults; other fault methods are not meant to be called concurrently.
 */
final class LocalCluster implements AutoCloseable {
    /** One member: its ports, its directory, and its process while running. */
    static final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dir;
        Process process;
        /** The members this one is cut off from, kept across restarts and pauses. */
        volatile Set<String> cutFrom = Set.of();
        /** Whether the process is stopped with SIGSTOP now. */
        volatile boolean paused;

        Member(String name, int clientPort, int peerPort, Path dir) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.dir = dir;
        }

        InetSocketAddress client() {
            return new InetSocketAddress(LOOPBACK, clientPort);
        }

        String spec() {
            return name + "=" + LOOPBACK + ":" + clientPort + ":" + peerPort;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** How long a fault-injection request to one node may take. */
    private static final int ADMIN_TIMEOUT_MILLIS = 5_000;

    static final String LOOPBACK = "127.0.0.1";

    private final Path base;
    private final List<Member> members = new ArrayList<>();
    private final List<String> nodeArgs = new ArrayList<>();
    private final List<Member> spares = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean traceApply = Boolean.getBoolean("cairn.trace.apply");

    LocalCluster(Path base, int size) throws IOException {
        this.base = base;
        for (int i = 1; i <= size; i++) {
            members.add(new Member("n" + i, freePort(), io.cairn.client.FreePorts.block(2), base.resolve("n" + i)));
        }
    }

    /** Adds options to every {@code node start} from now on; returns this cluster. */
    LocalCluster withNodeArgs(String... args) {
        nodeArgs.addAll(List.of(args));
        return this;
    }

    static int freePort() throws IOException {
        return io.cairn.client.FreePorts.next();
    }

    List<Member> members() {
        return members;
    }

    Member member(int i) {
        return members.get(i);
    }

    String initialMembers() {
        List<String> specs = new ArrayList<>();
        members.forEach(m -> specs.add(m.spec()));
        return String.join(",", specs);
    }

    List<InetSocketAddress> clientAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        members.forEach(m -> out.add(m.client()));
        return out;
    }

    /** A client over every member. */
    RemoteDatabase client() {
        return RemoteDatabase.connect(RemoteDatabase.Options.of(clientAddresses()));
    }

    /** Starts every member and waits until each listens. */
    void startAll() throws IOException, InterruptedException {
        for (Member m : members) {
            start(m);
        }
        for (Member m : members) {
            awaitListening(m, 60_000);
        }
    }

    /**
     * Whether nodes started from now on write every verdict they reach to their logs (see
     * {@code ApplyTrace}), for {@link io.cairn.tests.robustness.VerdictChecker}. Off by default
     * unless the system property {@code cairn.trace.apply} is true.
     */
    void traceApply(boolean on) {
        traceApply = on;
    }

    /**
     * A new member slot that is not among the initial members, on fresh ports and an empty data
     * directory, named {@code n<size+1>-<k>}; start it with {@link #start} and add it with
     * {@code members-add}. {@link #close} stops it too.
     */
    Member spare() throws IOException {
        String name = "n" + (members.size() + 1) + "-" + (spares.size() + 1);
        Member m = new Member(name, freePort(), io.cairn.client.FreePorts.block(2), base.resolve(name));
        spares.add(m);
        return m;
    }

    /** The members {@link #spare} made, running or not. */
    List<Member> spares() {
        return List.copyOf(spares);
    }

    /** Starts one member's process (its data directory is kept across restarts). */
    void start(Member m) throws IOException {
        Files.createDirectories(m.dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-Dcairn.trace.apply=" + traceApply,
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                "-cp", System.getProperty("java.class.path"), "io.cairn.cli.Main",
                "node", "start", "--name", m.name, "--data", m.dir.toString(),
                "--cluster-name", "test", "--initial-members",
                members.contains(m) ? initialMembers() : initialMembers() + "," + m.spec(), "--allow-fault-injection"));
        cmd.addAll(nodeArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve(m.name + ".log").toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
        pb.directory(new File(base.toString()));
        m.process = pb.start();
    }

    static void awaitListening(Member m, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            if (m.process != null && !m.process.isAlive()) {
                throw new AssertionError(m.name + " exited with " + m.process.exitValue() + " while starting");
            }
            try (Socket s = new Socket()) {
                s.connect(m.client(), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError(m.name + " did not listen on " + m.client() + " within " + timeoutMillis + " ms");
    }

    /** Kills a member with SIGKILL and waits for it to be gone. */
    void kill(Member m) throws InterruptedException {
        if (m.process != null) {
            m.process.destroyForcibly();
            m.process.waitFor(30, TimeUnit.SECONDS);
            m.process = null;
        }
    }

    /**
     * Starts a member that was killed or stopped, waits until it listens, and cuts it off again from
     * the members it was cut off from. Blocks.
     */
    void restart(Member m) throws IOException, InterruptedException {
        start(m);
        awaitListening(m, 60_000);
        if (!m.cutFrom.isEmpty()) {
            applyCut(m);
        }
    }

    /**
     * The member that says it leads, among {@code among} (running ones only), polling their status
     * until {@code timeoutMillis}. Blocks.
     *
     * @throws AssertionError when none leads in time
     */
    Member leader(Collection<Member> among, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        do {
            for (Member m : among) {
                if (m.process != null && m.process.isAlive() && "Leader".equals(statusOrEmpty(m).get("role"))) {
                    return m;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < end);
        throw new AssertionError("no leader among " + among + " within " + timeoutMillis + " ms");
    }

    /** The member that leads, among all. */
    Member leader(long timeoutMillis) throws InterruptedException {
        return leader(members, timeoutMillis);
    }

    /** A member's status, or an empty map when it does not answer. */
    Map<String, String> statusOrEmpty(Member m) {
        try (RemoteDatabase db = adminClient(m)) {
            return db.nodeStatus(m.client());
        } catch (CairnException e) {
            return Map.of();
        }
    }

    /**
     * Pauses a member's process with SIGSTOP for {@code duration}, then resumes it with SIGCONT.
     * Blocks for the duration. A paused node keeps its sockets open but answers nothing, like a
     * node stalled by the operating system or a long garbage collection. A partition or heal made
     * meanwhile (from another thread) reaches it once it runs again.
     */
    void pause(Member m, Duration duration) throws IOException, InterruptedException {
        m.paused = true;
        signal(m, "STOP");
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            signal(m, "CONT");
            m.paused = false;
        }
        applyCut(m);
    }

    /**
     * Stops a running member with SIGSTOP until {@link #resume}: it keeps its sockets but answers
     * nothing. Does nothing when the member is not running. Does not block.
     */
    void pause(Member m) throws IOException, InterruptedException {
        if (m.process != null && m.process.isAlive()) {
            m.paused = true;
            signal(m, "STOP");
        }
    }

    /** Resumes a member stopped by {@link #pause(Member)} with SIGCONT, and gives it its cut. */
    void resume(Member m) throws IOException, InterruptedException {
        if (m.process != null && m.process.isAlive() && m.paused) {
            signal(m, "CONT");
            m.paused = false;
            applyCut(m);
        }
    }

    private static void signal(Member m, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(m.process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + m.process.pid() + " failed");
        }
    }

    /**
     * Splits the cluster into {@code sides}: every member is cut off from every member on another
     * side (Raft group traffic both ways is dropped) and keeps talking to its own side. Every
     * member must be on exactly one side. Replaces any earlier partition. Blocks until every
     * running member has its cut; a member that is down gets it when {@link #restart}ed, a paused
     * one when it resumes (meanwhile its peers drop its traffic, which is enough for a cut).
     */
    @SafeVarargs
    final void partition(List<Member>... sides) throws InterruptedException {
        Set<Member> seen = new HashSet<>();
        for (List<Member> side : sides) {
            for (Member m : side) {
                if (!seen.add(m)) {
                    throw new IllegalArgumentException(m.name + " is on two sides");
                }
            }
        }
        if (!seen.containsAll(members)) {
            throw new IllegalArgumentException("every member must be on a side: " + Arrays.toString(sides));
        }
        for (List<Member> side : sides) {
            for (Member m : side) {
                Set<String> cut = new TreeSet<>();
                members.stream().filter(o -> !side.contains(o)).forEach(o -> cut.add(o.name));
                m.cutFrom = Set.copyOf(cut);
            }
        }
        applyCuts();
    }

    /** Cuts {@code m} off from every other member: a minority of one. Blocks like {@link #partition}. */
    void isolate(Member m) throws InterruptedException {
        List<Member> rest = new ArrayList<>(members);
        rest.remove(m);
        partition(List.of(m), rest);
    }

    /** Ends every partition; the views merge and cut-off members catch up by themselves. Blocks. */
    void heal() throws InterruptedException {
        for (Member m : members) {
            m.cutFrom = Set.of();
        }
        applyCuts();
    }

    private void applyCuts() throws InterruptedException {
        for (Member m : members) {
            if (m.process != null && !m.paused) {
                applyCut(m);
            }
        }
    }

    /** Sends {@code m} its current cut; retries while it cannot answer yet (just resumed or starting). */
    private void applyCut(Member m) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin(m, "fault-cut", List.copyOf(m.cutFrom));
                return;
            } catch (CairnException e) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("cannot set the cut of " + m.name + ": " + e.getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Lets {@code m}'s disk take {@code bytes} more bytes of records; past them its writes fail
     * with {@code io_error} "no space left on device" (only the leader writes records). Blocks.
     */
    void diskBudget(Member m, long bytes) {
        admin(m, "fault-disk", List.of(Long.toString(bytes)));
    }

    /** Fills {@code m}'s disk now: its writes fail until {@link #diskFreed}. */
    void diskFull(Member m) {
        diskBudget(m, 0);
    }

    /** Frees {@code m}'s disk: writes go through again. */
    void diskFreed(Member m) {
        admin(m, "fault-disk", List.of("unlimited"));
    }

    /** Sends a fault-injection (or other admin) command to one member and returns its answer. Blocks. */
    Map<String, String> admin(Member m, String command, List<String> args) {
        // Admin commands are idempotent; retry those cut by a fault (a dropped connection, a pause).
        for (int attempt = 1; ; attempt++) {
            try (RemoteDatabase db = adminClient(m)) {
                return db.adminAt(m.client(), command, args);
            } catch (io.cairn.api.CairnException e) {
                boolean refused = e.error() == io.cairn.api.ErrorCode.INVALID_ARGUMENT
                        || e.error() == io.cairn.api.ErrorCode.INVALID_OPERATION;
                if (refused || attempt >= 10) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static RemoteDatabase adminClient(Member m) {
        return RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(m.client()))
                .withRequestTimeoutMillis(ADMIN_TIMEOUT_MILLIS));
    }

    /** Stops a member with SIGTERM (a clean shutdown) and returns its exit code. */
    int stop(Member m) throws InterruptedException {
        m.process.destroy();
        if (!m.process.waitFor(30, TimeUnit.SECONDS)) {
            m.process.destroyForcibly();
            m.process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(m.name + " did not stop within 30 s of SIGTERM");
        }
        int code = m.process.exitValue();
        m.process = null;
        return code;
    }

    /** The log a member wrote, for failure messages. */
    String log(Member m) {
        try {
            return Files.readString(base.resolve(m.name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        List<Member> all = new ArrayList<>(members);
        all.addAll(spares);
        for (Member m : all) {
            if (m.process != null) {
                m.process.destroyForcibly();
                try {
                    m.process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
