package io.cairn.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StorageEnginesTest {
    @Test
    void unknownNameWithNoBackendsOnTheClassPathSaysSo() {
        StorageException e = assertThrows(StorageException.class, () -> StorageEngines.provider("leveldb"));
        assertEquals(StorageException.Kind.INVALID, e.kind());
        assertEquals("unknown storage backend 'leveldb'; known backends: none", e.getMessage());
    }
}
