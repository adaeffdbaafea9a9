package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The middle of a range by size, for {@code partition split} without a key. */
class RangeMiddleTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theMiddleIsWhereHalfTheBytesLieNotHalfTheKeys() {
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("memory").build())) {
            long empty = db.lastCommittedVersion();
            assertNull(RangeMiddle.of(db.transactionBackend(), empty, new byte[0], null), "no keys, no middle");
            db.run(tx -> {
                tx.set(b("k0"), new byte[1000]); // half the bytes in the first key
                for (int i = 1; i <= 9; i++) {
                    tx.set(b("k" + i), new byte[10]);
                }
                tx.set(b("z"), new byte[1000]); // outside the range asked for
                return null;
            });
            long v = db.lastCommittedVersion();
            assertEquals("k1", new String(RangeMiddle.of(db.transactionBackend(), v, b("k"), b("l")), StandardCharsets.UTF_8));
            // Three keys of equal size: the first cut with at least half the bytes before it.
            assertEquals("k3", new String(RangeMiddle.of(db.transactionBackend(), v, b("k1"), b("k4")),
                    StandardCharsets.UTF_8));
            assertNull(RangeMiddle.of(db.transactionBackend(), v, b("k9"), b("l")), "one key, no middle");
            CairnException e = assertThrows(CairnException.class,
                    () -> RangeMiddle.of(db.transactionBackend(), v, new byte[0], null, -1));
            assertEquals(ErrorCode.INVALID_OPERATION, e.error());
        }
    }
}
