package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.backup.JobLock;
import io.cairn.commands.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The backup and maintenance commands on a real embedded database, as cron would run them. */
@Timeout(120)
class BackupCommandsTest {
    @TempDir
    Path tmp;
    private Path source;
    private Path root;

    /** The outcome of one run. */
    record Result(int code, String out, String err) {}

    private Result run(String stdin, boolean terminal, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                terminal);
        List<String> all = new ArrayList<>(List.of("--backend", "leveldb"));
        all.addAll(List.of(args));
        Environment env = new Environment(Map.of(), tmp.resolve("home"), tmp, tmp.resolve("etc"));
        int code = Cli.run(all.toArray(new String[0]), io, env, new EmbeddedOpener());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String... args) {
        return run("", false, args);
    }

    private Result ok(String... args) {
        Result r = run(args);
        assertEquals(0, r.code(), r.err());
        return r;
    }

    @BeforeEach
    void fill() throws IOException {
        Files.createDirectories(tmp.resolve("home"));
        source = tmp.resolve("source");
        root = tmp.resolve("backups");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            script.append("put key").append(1000 + i).append(" value").append(i).append(";");
        }
        script.append("put other/x 1");
        ok("-d", source.toString(), "-e", script.toString());
    }

    private Path onlyBackup() throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> p.getFileName().toString().startsWith("backup-")).findFirst().orElseThrow();
        }
    }

    @Test
    void createListDescribeVerifyAndRestoreRoundTrip() throws IOException {
        Result created = ok("-d", source.toString(), "-o", "json", "backup", "create", "--to", root.toString());
        assertTrue(created.out().startsWith("{\"job\":\"backup create\",\"result\":\"ok\""), created.out());
        assertTrue(created.out().contains("\"keys\":201"), created.out());
        assertTrue(created.err().matches("(?s)\\d{4}-\\d\\d-\\d\\dT\\S+Z backup: started.*"), created.err());
        Path b = onlyBackup();

        assertTrue(ok("backup", "list", root.toString()).out().contains(b.getFileName() + "  complete"));
        Result described = ok("backup", "describe", b.toString());
        assertTrue(described.out().contains("keys:") && described.out().contains("201"), described.out());
        assertTrue(ok("-o", "json", "backup", "describe", b.toString(), "--chunks").out().contains("\"crc32c\":"));
        assertTrue(ok("backup", "verify", b.toString(), "-q").out().contains("result:"));

        Path target = tmp.resolve("target");
        Result restored = ok("-d", target.toString(), "backup", "restore", b.toString(), "--range", "key", "kez");
        assertTrue(restored.out().contains("keys:") && restored.out().contains("200"), restored.out());
        assertEquals("value7\n", ok("-d", target.toString(), "get", "key1007").out());
        assertEquals(ExitCodes.NOT_FOUND, run("-d", target.toString(), "get", "other/x").code());
    }

    @Test
    void secondRunOfTheSameJobExitsWithTheLockCodeNamingTheHolder() throws IOException {
        Files.createDirectories(root);
        try (JobLock held = JobLock.tryAcquire(root.resolve(".cairn-backup-create.lock"), "backup create").orElseThrow()) {
            Result r = run("-d", source.toString(), "-o", "json", "backup", "create", "--to", root.toString());
            assertEquals(ExitCodes.JOB_LOCKED, r.code());
            assertTrue(r.err().contains("pid " + ProcessHandle.current().pid()) && r.err().contains("since"), r.err());
            assertTrue(r.out().contains("\"result\":\"failed\"") && r.out().contains("\"exitCode\":7"), r.out());
            assertFalse(Files.list(root).anyMatch(p -> p.getFileName().toString().startsWith("backup-")),
                    "the locked-out run must not start a backup");
        }
        ok("-d", source.toString(), "backup", "create", "--to", root.toString(), "-q");
    }

    @Test
    void runWhileAnotherProcessHoldsTheJobExitsWithTheLockCodeNamingThatProcess() throws Exception {
        Files.createDirectories(root);
        Path lock = root.resolve(".cairn-backup-expire.lock");
        Process other = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), lock.toString(), "backup expire")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(line != null && line.startsWith("locked"), "the other process should hold the lock: " + line);
            Result r = run("backup", "expire", root.toString(), "--keep", "1");
            assertEquals(ExitCodes.JOB_LOCKED, r.code(), r.err());
            assertTrue(r.err().contains("pid " + other.pid()), r.err());
        } finally {
            other.destroyForcibly();
            other.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        ok("backup", "expire", root.toString(), "--keep", "1");
    }

    @Test
    void damagedBackupFailsVerifyAndRestoreWithTheIoCode() throws IOException {
        ok("-d", source.toString(), "backup", "create", "--to", root.toString(), "-q");
        Path chunk = onlyBackup().resolve("chunks/00000000.chunk");
        byte[] bytes = Files.readAllBytes(chunk);
        bytes[bytes.length - 3] ^= 0x40;
        Files.write(chunk, bytes);
        Result v = run("backup", "verify", onlyBackup().toString(), "-q");
        assertEquals(ExitCodes.IO_ERROR, v.code());
        assertTrue(v.err().contains("chunks/00000000.chunk fails its checksum"), v.err());
        Path target = tmp.resolve("target");
        Result r = run("-d", target.toString(), "backup", "restore", onlyBackup().toString(), "-q");
        assertEquals(ExitCodes.IO_ERROR, r.code());
        assertTrue(r.err().contains("chunks/00000000.chunk"), r.err());
        assertEquals("0\n", ok("-d", target.toString(), "scan", "--count").out());
    }

    @Test
    void clearTargetAsksOnATerminalOnlyAndRefusesNonEmptyTargetsWithout() throws IOException {
        ok("-d", source.toString(), "backup", "create", "--to", root.toString(), "-q");
        String b = onlyBackup().toString();
        Path target = tmp.resolve("target");
        ok("-d", target.toString(), "put", "key1000", "stale");
        assertEquals(ExitCodes.USAGE, run("-d", target.toString(), "backup", "restore", b, "-q").code());
        assertEquals(ExitCodes.CANCELLED,
                run("n\n", true, "-d", target.toString(), "backup", "restore", b, "--clear-target", "-q").code());
        ok("-d", target.toString(), "backup", "restore", b, "--clear-target", "-q");
        assertEquals("value0\n", ok("-d", target.toString(), "get", "key1000").out());
    }

    @Test
    void expireKeepsTheNewestAndNeedsForceForIt() throws IOException {
        for (int i = 0; i < 3; i++) {
            ok("-d", source.toString(), "backup", "create", "--to", root.toString(), "-q");
        }
        Result r = ok("-o", "json", "backup", "expire", root.toString(), "--keep", "0");
        assertTrue(r.err().contains("--force"), r.err());
        assertTrue(r.out().contains("\"deleted\":[\"backup-"), r.out());
        assertEquals(1, Files.list(root).filter(p -> p.getFileName().toString().startsWith("backup-")).count());
        assertEquals(ExitCodes.USAGE, run("backup", "expire", root.toString()).code());
        assertEquals(ExitCodes.USAGE, run("backup", "expire", root.toString(), "--older-than", "soon").code());
        ok("backup", "expire", root.toString(), "--older-than", "0s", "--force");
        assertEquals(0, Files.list(root).filter(p -> p.getFileName().toString().startsWith("backup-")).count());
    }

    @Test
    void maintenanceCompactAndCheckRunOnTheEmbeddedDatabase() {
        Path lock = tmp.resolve("m.lock");
        assertTrue(ok("-d", source.toString(), "maintenance", "compact", "--lock-file", lock.toString()).out()
                .contains("result:"));
        Result check = ok("-d", source.toString(), "-o", "json", "maintenance", "check", "--lock-file", lock.toString());
        assertTrue(check.out().contains("\"result\":\"ok\"") && check.out().contains("\"backendEntries\":"), check.out());
        assertTrue(ok("help", "exit-codes").out().contains("job-locked"));
    }
}
