package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node's table of open snapshots: reads in batches, unknown ids, and expiry of unused snapshots. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotRegistryTest {
    private static final long IDLE_MILLIS = 60_000;

    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private EmbeddedDatabase open() {
        EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory").build());
        db.run(tx -> {
            for (int i = 0; i < 25; i++) {
                tx.set(b(String.format("k%02d", i)), b("v" + i));
            }
            return null;
        });
        return db;
    }

    @Test
    void readsComeInBatchesAndEndWhereTheRangeEnds() {
        try (EmbeddedDatabase db = open();
             SnapshotRegistry r = new SnapshotRegistry(db.snapshots().orElseThrow(), IDLE_MILLIS, nanos::get)) {
            long id = r.open().id();
            NodeService.RangeResult first = r.read(id, Range.ALL.begin(), Range.ALL.end(), 10);
            assertEquals(10, first.pairs().size());
            assertTrue(first.more());
            NodeService.RangeResult rest = r.read(id, b("k10"), b("k99"), 100);
            assertEquals(15, rest.pairs().size());
            assertFalse(rest.more());
            assertEquals(0, r.read(id, b("z"), b("a"), 0).pairs().size(), "an empty range reads nothing");
        }
    }

    @Test
    void snapshotLeftOpenByAVanishedClientExpiresAfterTheIdleTime() {
        try (EmbeddedDatabase db = open();
             SnapshotRegistry r = new SnapshotRegistry(db.snapshots().orElseThrow(), IDLE_MILLIS, nanos::get)) {
            long used = r.open().id();
            long vanished = r.open().id();
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS - 1));
            r.read(used, Range.ALL.begin(), Range.ALL.end(), 1);
            assertEquals(0, r.expireIdle(), "nothing is idle for the full expiry yet");
            nanos.addAndGet(2_000_000);
            assertEquals(1, r.expireIdle());
            assertEquals(1, r.size());
            CairnException e = assertThrows(CairnException.class, () -> r.read(vanished, Range.ALL.begin(),
                    Range.ALL.end(), 1));
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.error());
            assertTrue(e.getMessage().contains("unknown snapshot id " + vanished) && e.getMessage().contains("expired"),
                    e.getMessage());
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
            assertEquals(1, r.expireIdle());
            assertEquals(0, r.size());
        }
    }

    @Test
    void closedSnapshotIsUnknownAndClosingTwiceIsHarmless() {
        try (EmbeddedDatabase db = open();
             SnapshotRegistry r = new SnapshotRegistry(db.snapshots().orElseThrow(), IDLE_MILLIS, nanos::get)) {
            long id = r.open().id();
            assertTrue(r.close(id));
            assertFalse(r.close(id));
            assertThrows(CairnException.class, () -> r.read(id, Range.ALL.begin(), Range.ALL.end(), 1));
            assertThrows(CairnException.class, () -> r.read(12345, Range.ALL.begin(), Range.ALL.end(), 1));
        }
    }
}
