package io.raftboot.storage;

import java.nio.file.Path;

class MapDbLogStoreTest extends LogStoreConformanceTest {
    @Override
    LogStore open(Path dir) {
        return LogStores.open(LogStoreKind.MAPDB, dir);
    }

    @Override
    boolean persistent() {
        return true;
    }
}
