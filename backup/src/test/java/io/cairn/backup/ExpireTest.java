package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.core.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Expiry deletes exactly what its policy says, and never the newest complete backup without force. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExpireTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;
    private Path root;
    /** Backups taken one day apart, oldest first. */
    private final List<String> names = new ArrayList<>();

    @BeforeEach
    void takeFiveDailyBackups() throws Exception {
        root = tmp.resolve("backups");
        try (EmbeddedDatabase db = Fixtures.open(tmp.resolve("db"), "memory")) {
            Fixtures.fill(db, "", 50, 10);
            for (int day = 0; day < 5; day++) {
                Clock c = Clock.fixed(T0.plus(Duration.ofDays(day)), ZoneOffset.UTC);
                names.add(BackupCreator.create(db, root, BackupCreator.Options.defaults().withClock(c), Progress.NONE)
                        .name());
            }
        }
        // An interrupted backup from day 1: a directory with chunks but no manifest.
        Path leftover = root.resolve("backup-20260102-120000-000");
        Files.createDirectories(leftover.resolve(BackupFormat.CHUNKS));
        Files.write(leftover.resolve(BackupFormat.chunkFile(0)), new byte[10]);
    }

    private List<String> remaining() {
        return BackupCatalog.list(root).stream().map(BackupCatalog.Entry::name).toList();
    }

    private static Instant day(int d) {
        return T0.plus(Duration.ofDays(d));
    }

    @Test
    void keepKeepsTheNewestN() {
        BackupExpirer.Result r = BackupExpirer.expire(root, new BackupExpirer.Policy(2, null, false, false, false, day(5)));
        assertEquals(3, r.deleted().size());
        assertEquals(List.of("backup-20260102-120000-000", names.get(3), names.get(4)), remaining());
    }

    @Test
    void olderThanDeletesOnlyOlderBackups() {
        BackupExpirer.expire(root, new BackupExpirer.Policy(null, Duration.ofHours(60), false, false, false, day(5)));
        // Day 5 minus 60 hours is day 2.5: the backups of days 0, 1 and 2 go, the leftover stays.
        assertEquals(List.of("backup-20260102-120000-000", names.get(3), names.get(4)), remaining());
    }

    @Test
    void keepIsAFloorForOlderThan() {
        BackupExpirer.expire(root, new BackupExpirer.Policy(4, Duration.ofHours(60), false, false, false, day(5)));
        assertEquals(4, remaining().stream().filter(names::contains).count());
    }

    @Test
    void newestCompleteBackupNeedsForce() {
        BackupExpirer.Result r = BackupExpirer.expire(root, new BackupExpirer.Policy(0, null, false, false, false, day(5)));
        assertEquals(List.of("backup-20260102-120000-000", names.get(4)), remaining());
        assertTrue(r.notes().get(0).contains(names.get(4)) && r.notes().get(0).contains("--force"));
        BackupExpirer.expire(root, new BackupExpirer.Policy(null, Duration.ZERO, true, false, false, day(10)));
        assertEquals(List.of("backup-20260102-120000-000"), remaining());
    }

    @Test
    void incompleteBackupsGoOnlyWhenAsked() {
        BackupExpirer.Result r = BackupExpirer.expire(root, new BackupExpirer.Policy(null, null, false, true, false,
                day(5)));
        assertEquals(1, r.deleted().size());
        assertEquals(names, remaining());
    }

    @Test
    void backupBeingWrittenIsNeverDeleted() {
        Path running = root.resolve("backup-20260101-120000-000");
        try (JobLock l = JobLock.tryAcquire(mkdirs(running).resolve(BackupFormat.IN_PROGRESS), "backup create")
                .orElseThrow()) {
            BackupExpirer.expire(root, new BackupExpirer.Policy(null, Duration.ZERO, false, true, false, day(5)));
            assertEquals(List.of("backup-20260101-120000-000", names.get(4)), remaining());
        }
    }

    @Test
    void dryRunDeletesNothing() {
        BackupExpirer.Result r = BackupExpirer.expire(root, new BackupExpirer.Policy(1, null, false, true, true, day(5)));
        assertEquals(5, r.deleted().size());
        assertEquals(6, remaining().size());
    }

    @Test
    void policyWithoutRuleIsRefused() {
        assertThrows(CairnException.class, () -> new BackupExpirer.Policy(null, null, false, false, false, day(5)));
    }

    private static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
