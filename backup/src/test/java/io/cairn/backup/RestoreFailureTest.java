package io.cairn.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.core.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore whose database fails midway leaves whole transactions only and reports the failure;
 * running it again with clear-target completes it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestoreFailureTest {
    @TempDir
    Path tmp;

    /** A real database whose {@code run} fails from the {@code failAt}-th call on, as a dying disk would. */
    private static Database failingFrom(Database db, int failAt) {
        AtomicInteger calls = new AtomicInteger();
        return new Database() {
            @Override
            public Transaction createTransaction() {
                return db.createTransaction();
            }

            @Override
            public <T> T run(Function<? super Transaction, T> work) {
                if (calls.incrementAndGet() >= failAt) {
                    throw new CairnException(ErrorCode.IO_ERROR, "injected: the disk is gone");
                }
                return db.run(work);
            }

            @Override
            public <T> T read(Function<? super ReadTransaction, T> work) {
                return db.read(work);
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    @Test
    void failureMidwayLeavesWholeTransactionsAndARerunWithClearTargetCompletes() {
        Path backup;
        TreeMap<byte[], byte[]> source;
        try (EmbeddedDatabase db = Fixtures.open(tmp.resolve("source"), "memory")) {
            Fixtures.fill(db, "", 3000, 100);
            source = Fixtures.contents(db);
            backup = BackupCreator.create(db, tmp.resolve("backups"),
                    BackupCreator.Options.defaults().withChunkBytes(16 << 10), Progress.NONE).directory();
        }
        BackupRestorer.Options small = BackupRestorer.Options.defaults().withTransactionBytes(32 << 10);
        try (EmbeddedDatabase target = Fixtures.open(tmp.resolve("target"), "memory")) {
            CairnException e = assertThrows(CairnException.class, () -> BackupRestorer.restore(failingFrom(target, 6),
                    backup, small, Progress.NONE));
            assertEquals(ErrorCode.IO_ERROR, e.error());
            TreeMap<byte[], byte[]> partial = Fixtures.contents(target);
            assertTrue(partial.size() > 0 && partial.size() < source.size(), "some but not all: " + partial.size());
            for (Map.Entry<byte[], byte[]> kv : partial.entrySet()) {
                assertTrue(java.util.Arrays.equals(source.get(kv.getKey()), kv.getValue()), "only backed-up pairs");
            }

            CairnException refused = assertThrows(CairnException.class, () -> BackupRestorer.restore(target, backup,
                    small, Progress.NONE));
            assertEquals(ErrorCode.INVALID_OPERATION, refused.error());
            BackupRestorer.restore(target, backup, small.withFlags(true, false), Progress.NONE);
            Fixtures.assertSameContents(source, Fixtures.contents(target));
        }
    }
}
