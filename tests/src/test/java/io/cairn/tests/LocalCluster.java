package io.cairn.tests;

import io.cairn.client.RemoteDatabase;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of {@code cairn node start} processes on loopback with free ports, each with its own
 * data directory and log file under a base directory. Closing it kills every process.
 */
final class LocalCluster implements AutoCloseable {
    /** One member: its ports, its directory, and its process while running. */
    static final class Member {
        final String name;
        final int clientPort;
        final int peerPort;
        final Path dir;
        Process process;

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
    }

    static final String LOOPBACK = "127.0.0.1";

    private final Path base;
    private final List<Member> members = new ArrayList<>();
    private final List<String> nodeArgs = new ArrayList<>();

    LocalCluster(Path base, int size) throws IOException {
        this.base = base;
        for (int i = 1; i <= size; i++) {
            members.add(new Member("n" + i, freePort(), freePort(), base.resolve("n" + i)));
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

    /** Starts one member's process (its data directory is kept across restarts). */
    void start(Member m) throws IOException {
        Files.createDirectories(m.dir);
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                "-cp", System.getProperty("java.class.path"), "io.cairn.cli.Main",
                "node", "start", "--name", m.name, "--data", m.dir.toString(),
                "--cluster-name", "test", "--initial-members", initialMembers()));
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
        for (Member m : members) {
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
