package io.cairn.storage.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import io.cairn.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Old versions of keys are reclaimed once no snapshot or iterator can see them. */
class MemoryEngineReclaimTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void overwrittenAndDeletedVersionsAreReclaimedWithoutReaders() {
        try (MemoryEngine engine = new MemoryEngine()) {
            for (int i = 0; i < 100; i++) {
                engine.write(new WriteBatch().put(b("k"), b("v" + i)).put(b("gone"), b("x")), false);
                engine.write(new WriteBatch().delete(b("gone")), false);
            }
            assertEquals(1, engine.versionCount());
            engine.write(new WriteBatch().deleteRange(b("a"), b("z")), false);
            assertEquals(0, engine.versionCount());
        }
    }

    @Test
    void versionsStayWhileASnapshotNeedsThemAndGoWhenItCloses() {
        try (MemoryEngine engine = new MemoryEngine()) {
            engine.write(new WriteBatch().put(b("k"), b("old")), false);
            StorageSnapshot snap = engine.snapshot();
            StorageIterator it = engine.iterator(b("k"), null, false);
            for (int i = 0; i < 10; i++) {
                engine.write(new WriteBatch().put(b("k"), b("v" + i)), false);
            }
            assertEquals(11, engine.versionCount());
            assertArrayEquals(b("old"), snap.get(b("k")));
            snap.close();
            engine.write(new WriteBatch().put(b("k"), b("new")), false);
            assertTrue(engine.versionCount() > 1, "the open iterator still needs the first version");
            assertArrayEquals(b("old"), it.next().value());
            assertEquals(false, it.hasNext());
            engine.compact(new byte[0], null);
            assertEquals(1, engine.versionCount());
            assertArrayEquals(b("new"), engine.get(b("k")));
        }
    }
}
