package io.raftboot.inspect;

import io.raftboot.consensus.HardState;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.MapDbMetaStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code meta.db} says, read from a private copy. {@code problem} is null when the file opened
 * and every value decoded; MapDB checks its own header checksums on open.
 */
record MetaView(boolean present, HardState hardState, String clusterId,
                Optional<SnapshotMeta> bootstrap, String problem) {

    /** A live node may commit while the copy is taken; a copy that does not open is taken again. */
    private static final int ATTEMPTS = 5;

    static MetaView read(Path metaFile) {
        if (!Files.exists(metaFile)) {
            return new MetaView(false, HardState.INITIAL, null, Optional.empty(), null);
        }
        String problem = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try (ReadOnlyCopy copy = ReadOnlyCopy.of(metaFile);
                 MapDbMetaStore store = MapDbMetaStore.open(copy.file())) {
                return new MetaView(true, store.hardState(), store.clusterId().orElse(null),
                        store.bootstrap(), null);
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage();
            }
        }
        return new MetaView(true, HardState.INITIAL, null, Optional.empty(),
                "metadata " + metaFile + " is unreadable: " + problem);
    }
}
