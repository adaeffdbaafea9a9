package io.cairn.storage.leveldb;

import io.cairn.storage.StorageEngineConformanceTest;
import io.cairn.storage.StorageEngineProvider;

class LevelDbConformanceTest extends StorageEngineConformanceTest {
    @Override
    protected StorageEngineProvider provider() {
        return new LevelDbStorageProvider();
    }

    @Override
    protected boolean durable() {
        return true;
    }
}
