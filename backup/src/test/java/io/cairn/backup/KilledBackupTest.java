package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.core.EmbeddedDatabase;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A backup process killed with SIGKILL midway leaves a backup that is listed as incomplete, and the next one succeeds. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KilledBackupTest {
    @TempDir
    Path tmp;

    @Test
    void backupKilledMidwayIsListedIncompleteAndNextBackupSucceeds() throws Exception {
        Path dbDir = tmp.resolve("db");
        Path root = tmp.resolve("backups");
        Process child = ChildProcess.start("backup", dbDir.toString(), root.toString());
        try {
            BufferedReader out = ChildProcess.reader(child);
            ChildProcess.awaitLine(child, out, "chunk");
            ChildProcess.awaitLine(child, out, "chunk");

            List<BackupCatalog.Entry> running = BackupCatalog.list(root);
            assertEquals(1, running.size());
            assertEquals(BackupCatalog.State.IN_PROGRESS, running.get(0).state());
            assertTrue(running.get(0).detail().contains("pid " + child.pid()), running.get(0).detail());
        } finally {
            ChildProcess.kill(child);
        }

        List<BackupCatalog.Entry> after = BackupCatalog.list(root);
        assertEquals(1, after.size());
        BackupCatalog.Entry leftover = after.get(0);
        assertEquals(BackupCatalog.State.INCOMPLETE, leftover.state());
        assertFalse(Files.exists(leftover.directory().resolve(BackupFormat.MANIFEST)));
        assertTrue(Files.list(leftover.directory().resolve(BackupFormat.CHUNKS)).findAny().isPresent(),
                "the child should have written chunks before it was killed");

        try (EmbeddedDatabase db = Fixtures.open(dbDir, "leveldb")) {
            BackupCreator.Result r = BackupCreator.create(db, root, BackupCreator.Options.defaults(), Progress.NONE);
            assertEquals(5000, r.manifest().keyCount());
        }
        List<BackupCatalog.Entry> both = BackupCatalog.list(root);
        assertEquals(List.of(BackupCatalog.State.INCOMPLETE, BackupCatalog.State.COMPLETE),
                both.stream().map(BackupCatalog.Entry::state).toList());
        assertTrue(BackupVerifier.verify(both.get(1).directory(), Progress.NONE).ok());
    }
}
