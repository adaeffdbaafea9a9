package io.cairn.storage.memory;

import io.cairn.storage.StorageEngineConformanceTest;
import io.cairn.storage.StorageEngineProvider;

class MemoryConformanceTest extends StorageEngineConformanceTest {
    @Override
    protected StorageEngineProvider provider() {
        return new MemoryStorageProvider();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
