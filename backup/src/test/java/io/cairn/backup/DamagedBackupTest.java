package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.core.EmbeddedDatabase;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A damaged backup is caught by verify and by restore, which names the damaged part and writes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DamagedBackupTest {
    @TempDir
    Path tmp;
    private Path backup;
    private ChunkInfo last;

    @BeforeEach
    void takeBackup() {
        try (EmbeddedDatabase db = Fixtures.open(tmp.resolve("source"), "memory")) {
            Fixtures.fill(db, "", 2000, 100);
            backup = BackupCreator.create(db, tmp.resolve("backups"),
                    BackupCreator.Options.defaults().withChunkBytes(16 << 10), Progress.NONE).directory();
        }
        List<ChunkInfo> chunks = Manifest.read(backup).chunks();
        assertTrue(chunks.size() > 3);
        // Damage the last chunk, so that a restore going chunk by chunk would already have written the others.
        last = chunks.get(chunks.size() - 1);
        assertTrue(BackupVerifier.verify(backup, Progress.NONE).ok());
    }

    @Test
    void flippedByteInChunkFailsVerifyAndRestoreNamingTheChunk() throws IOException {
        Path file = backup.resolve(last.file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
        assertDamageReported(last.file(), "checksum");
    }

    @Test
    void truncatedChunkFailsVerifyAndRestoreNamingTheChunk() throws IOException {
        try (FileChannel ch = FileChannel.open(backup.resolve(last.file()), StandardOpenOption.WRITE)) {
            ch.truncate(last.storedBytes() - 10);
        }
        assertDamageReported(last.file(), "truncated");
    }

    @Test
    void missingChunkFailsVerifyAndRestoreNamingTheChunk() throws IOException {
        Files.delete(backup.resolve(last.file()));
        assertDamageReported(last.file(), "missing");
    }

    @Test
    void deletedManifestFailsVerifyAndRestoreAndListsAsIncomplete() throws IOException {
        Files.delete(backup.resolve(BackupFormat.MANIFEST));
        CairnException v = assertThrows(CairnException.class, () -> BackupVerifier.verify(backup, Progress.NONE));
        assertTrue(v.getMessage().contains(BackupFormat.MANIFEST), v.getMessage());
        try (EmbeddedDatabase target = Fixtures.open(tmp.resolve("target"), "memory")) {
            CairnException r = assertThrows(CairnException.class, () -> BackupRestorer.restore(target, backup,
                    BackupRestorer.Options.defaults(), Progress.NONE));
            assertTrue(r.getMessage().contains(BackupFormat.MANIFEST), r.getMessage());
            assertTrue(Fixtures.contents(target).isEmpty(), "restore must write nothing");
        }
        List<BackupCatalog.Entry> list = BackupCatalog.list(tmp.resolve("backups"));
        assertEquals(BackupCatalog.State.INCOMPLETE, list.get(0).state());
    }

    @Test
    void editedManifestCountIsCaughtAsDamage() throws IOException {
        Path m = backup.resolve(BackupFormat.MANIFEST);
        String text = Files.readString(m);
        Files.writeString(m, text.replaceFirst("\"keyCount\": 2000", "\"keyCount\": 2001"));
        CairnException e = assertThrows(CairnException.class, () -> BackupVerifier.verify(backup, Progress.NONE));
        assertEquals(ErrorCode.DATA_CORRUPT, e.error());
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
        assertEquals(BackupCatalog.State.DAMAGED, BackupCatalog.inspect(backup).state());
    }

    private void assertDamageReported(String chunkFile, String what) {
        BackupVerifier.Result v = BackupVerifier.verify(backup, Progress.NONE);
        assertFalse(v.ok());
        assertEquals(1, v.problems().size(), v.problems().toString());
        assertTrue(v.problems().get(0).contains(chunkFile) && v.problems().get(0).contains(what),
                v.problems().get(0));
        try (EmbeddedDatabase target = Fixtures.open(tmp.resolve("target"), "memory")) {
            CairnException r = assertThrows(CairnException.class, () -> BackupRestorer.restore(target, backup,
                    BackupRestorer.Options.defaults().withTransactionBytes(8 << 10), Progress.NONE));
            assertEquals(ErrorCode.DATA_CORRUPT, r.error());
            assertTrue(r.getMessage().contains(chunkFile), r.getMessage());
            assertTrue(Fixtures.contents(target).isEmpty(), "restore must write nothing");
        }
    }
}
