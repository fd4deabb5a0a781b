package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.HardState;

import java.util.List;
import java.util.Objects;

/**
 * Work for the {@link LogWriter}: a hard state to save (nullable) and entries to append, then
 * {@code onDurable} once both are persisted at the configured durability.
 */
public record WriteBatch(HardState hardState, List<Entry> entries, Runnable onDurable) implements LogCommand {
    public WriteBatch {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        Objects.requireNonNull(onDurable, "onDurable");
    }

    @Override
    public Runnable onDone() {
        return onDurable;
    }
}
