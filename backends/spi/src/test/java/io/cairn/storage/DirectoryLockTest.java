package io.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DirectoryLockTest {
    @TempDir
    Path tmp;

    @Test
    void lockCreatesTheDirectoryAndRecordsTheHolder() throws IOException {
        Path dir = tmp.resolve("a/b/data");
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertTrue(lock.isHeld());
            assertTrue(Files.isDirectory(dir));
            String holder = Files.readString(dir.resolve(DirectoryLock.FILE_NAME));
            assertTrue(holder.contains("process " + ProcessHandle.current().pid() + " "), holder);
        }
    }

    @Test
    void secondLockInTheSameProcessIsRefusedAndNamesTheHolder() {
        Path dir = tmp.resolve("data");
        try (DirectoryLock first = DirectoryLock.acquire(dir)) {
            StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(dir));
            assertEquals(StorageException.Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("process " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(first.isHeld(), "a refused attempt must not disturb the holder");
        }
    }

    @Test
    void releasedLockCanBeTakenAgainAndCloseIsIdempotent() {
        Path dir = tmp.resolve("data");
        DirectoryLock first = DirectoryLock.acquire(dir);
        first.close();
        first.close();
        assertFalse(first.isHeld());
        try (DirectoryLock second = DirectoryLock.acquire(dir)) {
            assertTrue(second.isHeld());
        }
    }

    @Test
    void fileInsteadOfDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "precious");
        StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(file));
        assertEquals(StorageException.Kind.IO, e.kind());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("not a directory"), e.getMessage());
        assertEquals("precious", Files.readString(file));

        Path below = file.resolve("data");
        StorageException e2 = assertThrows(StorageException.class, () -> DirectoryLock.acquire(below));
        assertEquals(StorageException.Kind.IO, e2.kind());
        assertTrue(e2.getMessage().contains(below.toString()), e2.getMessage());
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void unreadableDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("closed"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
        try {
            // Permissions do not bind the superuser; the check is meaningful only for other users.
            assumeFalse(Files.isReadable(dir), "running with privileges that ignore file permissions");
            StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(dir));
            assertEquals(StorageException.Kind.IO, e.kind());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        assertFalse(Files.exists(dir.resolve(DirectoryLock.FILE_NAME)));
    }

    @Test
    void lockHeldByAnotherProcessIsRefusedWithItsPidUntilItIsKilled() throws Exception {
        Path dir = tmp.resolve("data");
        Process child = startHelper("hold", dir);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("LOCKED", out.readLine());
            StorageException e = assertThrows(StorageException.class, () -> DirectoryLock.acquire(dir));
            assertEquals(StorageException.Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("process " + child.pid() + " "), e.getMessage());
            assertTrue(e.getMessage().contains(DirectoryLockHolder.class.getName()), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        // The OS drops the lock of a killed process; the stale holder line does not block.
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertTrue(lock.isHeld());
        }
    }

    @Test
    void anotherProcessIsRefusedWhileWeHoldTheLock() throws Exception {
        Path dir = tmp.resolve("data");
        try (DirectoryLock lock = DirectoryLock.acquire(dir)) {
            assertTrue(lock.isHeld());
            Process child = startHelper("try", dir);
            try {
                String line = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
                assertTrue(line.startsWith("LOCKED data directory " + dir.toAbsolutePath()), line);
                assertTrue(line.contains("process " + ProcessHandle.current().pid() + " "), line);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static Process startHelper(String mode, Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                DirectoryLockHolder.class.getName(), mode, dir.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
