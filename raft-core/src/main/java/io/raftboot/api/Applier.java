package io.raftboot.api;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Separates what a command does to the replicated state from the reply it builds (Finn's
 * {@code Apply(conn, cmd, mutate, respond)}). A handler returns what {@link #write} or {@link #read}
 * returned.
 */
public interface Applier {

    /**
     * For a write: {@code mutate} runs on every member, on the apply thread, in log order; its result
     * goes to {@code respond} only on the member that received the client's request, and what
     * {@code respond} returns is the reply. Elsewhere the result is dropped and null returned.
     */
    <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond);

    /**
     * For a read: runs after the consistency check, on the member that received the request only;
     * {@code respond} turns the value read into the reply.
     */
    <T> Object read(Supplier<T> read, Function<? super T, ?> respond);

    /**
     * Runs the mutation or read at once and builds the reply, as on the member that received the
     * command: for unit tests of handlers without a node.
     */
    static Applier immediate() {
        return ImmediateApplier.INSTANCE;
    }
}
