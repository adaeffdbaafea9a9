package io.cairn.storage.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import io.cairn.storage.WriteBatch;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A leveldb directory open in another process is refused with the holder named, and left intact. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LevelDbLockTest {
    @TempDir
    Path tmp;

    @Test
    void directoryOpenInAnotherProcessIsLockedAndNamesThatProcess() throws Exception {
        Path dir = tmp.resolve("db");
        try (StorageEngine engine = new LevelDbStorageProvider().open(dir, Map.of())) {
            engine.write(new WriteBatch().put("before".getBytes(StandardCharsets.UTF_8), new byte[] {1}), true);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), "0", "1"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine());
            long filesBefore = countFiles(dir);
            StorageException e = assertThrows(StorageException.class, () -> new LevelDbStorageProvider().open(dir, Map.of()));
            assertEquals(StorageException.Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("process " + child.pid() + " "), e.getMessage());
            assertTrue(e.getMessage().contains(CrashWriter.class.getName()), e.getMessage());
            assertEquals(StorageException.Kind.LOCKED,
                    assertThrows(StorageException.class, () -> new LevelDbStorageProvider().destroy(dir)).kind());
            assertTrue(countFiles(dir) >= filesBefore, "a refused open or destroy must not remove files");
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        try (StorageEngine engine = new LevelDbStorageProvider().open(dir, Map.of())) {
            assertArrayEquals(new byte[] {1}, engine.get("before".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static long countFiles(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }
}
