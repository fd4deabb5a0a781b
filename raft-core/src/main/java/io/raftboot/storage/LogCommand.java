package io.raftboot.storage;

/**
 * One unit of work for the {@link LogWriter}, executed strictly in submission order with every other
 * command, so a truncation or reset submitted after an append lands after it. {@link #onDone()} runs
 * on one of the writer's threads once the command (and everything before it) is persisted at the
 * configured durability, never before the callbacks submitted ahead of it.
 */
public sealed interface LogCommand permits WriteBatch, LogCommand.TruncateSuffix, LogCommand.CompactPrefix,
        LogCommand.Reset {

    Runnable onDone();

    /** {@link LogStore#truncateSuffix(long)}. */
    record TruncateSuffix(long fromIndex, Runnable onDone) implements LogCommand {
    }

    /** {@link LogStore#compactPrefix(long)}. */
    record CompactPrefix(long upToIndex, Runnable onDone) implements LogCommand {
    }

    /** {@link LogStore#reset(long)}. */
    record Reset(long index, Runnable onDone) implements LogCommand {
    }

    /** A callback that does nothing, for commands nobody waits on. */
    Runnable NOTHING = () -> { };
}
