package io.cairn.backup;

import static io.cairn.backup.Fixtures.b;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.core.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Partial restores, prefix renaming, dry runs and the refusal to overwrite a non-empty range. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestoreOptionsTest {
    @TempDir
    Path tmp;
    private Path backup;
    private TreeMap<byte[], byte[]> source;

    @BeforeEach
    void takeBackup() {
        try (EmbeddedDatabase db = Fixtures.open(tmp.resolve("source"), "leveldb")) {
            Fixtures.fill(db, "a/", 500, 50);
            Fixtures.fill(db, "b/", 500, 50);
            Fixtures.fill(db, "c/", 500, 50);
            source = Fixtures.contents(db);
            backup = BackupCreator.create(db, tmp.resolve("backups"),
                    BackupCreator.Options.defaults().withChunkBytes(4 << 10), Progress.NONE).directory();
        }
    }

    private EmbeddedDatabase target() {
        return Fixtures.open(tmp.resolve("target"), "leveldb");
    }

    @Test
    void rangeRestoresOnlyThatPart() {
        try (EmbeddedDatabase db = target()) {
            Range r = Range.startsWith(b("b/"));
            BackupRestorer.Result res = BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withRange(r), Progress.NONE);
            assertEquals(500, res.keys());
            Fixtures.assertSameContents(source.subMap(r.begin(), r.end()), Fixtures.contents(db));
        }
    }

    @Test
    void prefixesRenameKeys() {
        try (EmbeddedDatabase db = target()) {
            BackupRestorer.Result res = BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withPrefixes(b("restored/"), b("c/")), Progress.NONE);
            assertEquals(List.of(Range.startsWith(b("restored/"))), res.targetRanges());
            TreeMap<byte[], byte[]> expected = new TreeMap<>(Bytes::compare);
            for (Map.Entry<byte[], byte[]> e : source.subMap(b("c/"), b("c0")).entrySet()) {
                expected.put(b("restored/" + new String(e.getKey(), 2, e.getKey().length - 2,
                        java.nio.charset.StandardCharsets.ISO_8859_1)), e.getValue());
            }
            Fixtures.assertSameContents(expected, Fixtures.contents(db));
        }
    }

    @Test
    void rangeOutsideThePrefixToRemoveIsRefused() {
        try (EmbeddedDatabase db = target()) {
            CairnException e = assertThrows(CairnException.class, () -> BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withRange(Range.startsWith(b("a/")))
                            .withPrefixes(Bytes.EMPTY, b("c/")), Progress.NONE));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
        }
    }

    @Test
    void dryRunCountsButWritesNothing() {
        try (EmbeddedDatabase db = target()) {
            BackupRestorer.Result res = BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withFlags(false, true), Progress.NONE);
            assertTrue(res.dryRun());
            assertEquals(1500, res.keys());
            assertEquals(0, res.transactions());
            assertTrue(Fixtures.contents(db).isEmpty());
        }
    }

    @Test
    void nonEmptyTargetIsRefusedUnlessCleared() {
        try (EmbeddedDatabase db = target()) {
            db.run(tx -> {
                tx.set(b("b/stray"), b("x"));
                tx.set(b("z/outside"), b("y"));
                return null;
            });
            Range r = Range.startsWith(b("b/"));
            CairnException e = assertThrows(CairnException.class, () -> BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withRange(r), Progress.NONE));
            assertEquals(ErrorCode.INVALID_OPERATION, e.error());
            assertTrue(e.getMessage().contains("b/stray"), e.getMessage());
            assertEquals(2, Fixtures.contents(db).size(), "a refused restore writes nothing");

            BackupRestorer.Result res = BackupRestorer.restore(db, backup,
                    BackupRestorer.Options.defaults().withRange(r).withFlags(true, false), Progress.NONE);
            assertTrue(res.clearedNonEmpty());
            Fixtures.assertSameContents(source.subMap(r.begin(), r.end()), Fixtures.contents(db, r));
            assertArrayEquals(b("y"), db.read(tx -> tx.get(b("z/outside"))), "keys outside the range stay");
        }
    }
}
