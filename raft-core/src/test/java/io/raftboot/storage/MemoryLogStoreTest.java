package io.raftboot.storage;

import java.nio.file.Path;

class MemoryLogStoreTest extends LogStoreConformanceTest {
    @Override
    LogStore open(Path dir) {
        return LogStores.open(LogStoreKind.MEMORY, dir);
    }

    @Override
    boolean persistent() {
        return false;
    }
}
