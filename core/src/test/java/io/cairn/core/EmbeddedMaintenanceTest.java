package io.cairn.core;

import static io.cairn.core.TestDatabases.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Database;
import io.cairn.api.Range;
import io.cairn.api.Transaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance compacts online and its check reads the backend and the log, naming a damaged log segment. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmbeddedMaintenanceTest {
    @TempDir
    Path tmp;

    private EmbeddedDatabase open() {
        return EmbeddedDatabase.open(DatabaseConfig.builder(tmp).backend("leveldb").mvccWindow(Duration.ofHours(1))
                .logSegmentBytes(4096).build());
    }

    /**
     * An open transaction that has read keeps the versions after its read version, and so every
     * log segment written while it is open, so that the test can count them and damage an old one.
     */
    private static Transaction pinLog(EmbeddedDatabase db) {
        Transaction tx = db.createTransaction();
        tx.get(b("pin"));
        return tx;
    }

    private static void write(EmbeddedDatabase db, int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            db.run(tx -> {
                tx.set(b("key" + k), new byte[200]);
                return null;
            });
        }
    }

    @Test
    void healthyDatabaseChecksCleanAndCompactsWhileOpen() {
        try (EmbeddedDatabase db = open(); Transaction pin = pinLog(db)) {
            write(db, 100);
            Database.Maintenance m = db.maintenance().orElseThrow();
            m.compact(Range.ALL);
            Database.Maintenance.CheckReport r = m.check();
            assertTrue(r.healthy(), r.problems().toString());
            assertEquals(100L, r.counts().get("logRecords"));
            assertTrue(r.counts().get("backendEntries") >= 0);
            assertEquals(100, db.read(tx -> tx.getRange(Range.ALL)).size());
        }
    }

    @Test
    void damagedLogSegmentIsNamed() throws Exception {
        try (EmbeddedDatabase db = open(); Transaction pin = pinLog(db)) {
            write(db, 100);
            List<Path> segments;
            try (Stream<Path> s = Files.list(tmp.resolve("wal"))) {
                segments = s.filter(p -> p.toString().endsWith(".wal")).sorted().toList();
            }
            assertTrue(segments.size() > 2, "the log should have several segments");
            Path first = segments.get(0);
            byte[] bytes = Files.readAllBytes(first);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(first, bytes);
            Database.Maintenance.CheckReport r = db.maintenance().orElseThrow().check();
            assertEquals(1, r.problems().size(), r.problems().toString());
            assertTrue(r.problems().get(0).contains(first.getFileName().toString()), r.problems().get(0));
        }
    }
}
