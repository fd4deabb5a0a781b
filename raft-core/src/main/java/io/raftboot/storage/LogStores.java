package io.raftboot.storage;

import java.nio.file.Path;

/** Opens the {@link LogStore} chosen by {@code raft.log-store}. */
public final class LogStores {
    private LogStores() {
    }

    /** Opens (recovering) or creates the log in {@code dir}; {@code dir} is ignored for MEMORY. */
    public static LogStore open(LogStoreKind kind, Path dir) {
        return switch (kind) {
            case SEGMENTED -> SegmentedLogStore.open(dir);
            case MAPDB -> MapDbLogStore.open(dir);
            case MEMORY -> new MemoryLogStore();
        };
    }
}
