package io.cairn.backup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The body of child JVMs started by the tests, and the helper that starts them. Modes:
 * {@code backup DB ROOT} fills a database and backs it up slowly, printing {@code chunk} after
 * each chunk; {@code lock FILE JOB} takes a job lock and prints {@code locked}. Both then run
 * until killed (at most a minute).
 */
final class ChildProcess {
    private ChildProcess() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "backup" -> {
                try (var db = Fixtures.open(Path.of(args[1]), "leveldb")) {
                    Fixtures.fill(db, "", 5000, 100);
                    BackupCreator.create(db, Path.of(args[2]), BackupCreator.Options.defaults().withChunkBytes(8 << 10),
                            new Progress() {
                                @Override
                                public void begin(String task, long totalBytes) {}

                                @Override
                                public void advance(long bytes) {
                                    System.out.println("chunk");
                                    System.out.flush();
                                    pause(200);
                                }

                                @Override
                                public void end() {}
                            });
                }
                System.out.println("finished");
            }
            case "lock" -> {
                JobLock l = JobLock.tryAcquire(Path.of(args[1]), args[2]).orElseThrow();
                System.out.println("locked " + l.file());
                System.out.flush();
                pause(60_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a child JVM running {@link #main} with {@code args} on this test's class path. */
    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildProcess.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads the child's output until a line starting with {@code prefix}; fails if it ends first. */
    static String awaitLine(Process p, BufferedReader out, String prefix) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("child exited with " + waitQuietly(p) + " before printing '" + prefix + "'");
    }

    static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Kills the child with SIGKILL and waits for it. */
    static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    private static int waitQuietly(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
            return p.isAlive() ? -1 : p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
