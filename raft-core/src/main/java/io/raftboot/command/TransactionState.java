package io.raftboot.command;

import io.raftboot.api.Command;
import io.raftboot.resp.RespValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection's {@code MULTI} block and {@code WATCH}ed keys, as Redis keeps them per client.
 * Touched on the connection's event loop only.
 */
public final class TransactionState {
    static final RespValue QUEUED = RespValue.simple("QUEUED");
    static final RespValue NOT_ALLOWED = RespValue.error("ERR Command not allowed inside a transaction");

    /** Null outside MULTI. */
    private List<Command> queued;
    /** A command was refused while queuing: EXEC answers EXECABORT. */
    private boolean failed;
    /** Positions of UNWATCH inside the block: Redis queues it, and it answers +OK inside EXEC's reply. */
    private List<Integer> unwatchAt;
    /** True while EXEC hands its checked block on (synchronously): see {@link TransactionCommands#checkedBlock}. */
    private boolean executing;
    private final List<byte[]> watchedKeys = new ArrayList<>();
    private long watchIndex;

    public boolean inMulti() {
        return queued != null;
    }

    /** False when already inside MULTI. */
    boolean begin() {
        if (queued != null) {
            return false;
        }
        queued = new ArrayList<>();
        failed = false;
        unwatchAt = new ArrayList<>();
        return true;
    }

    /** A command refused at queue time (unknown, arity, not allowed) dooms the block, as in Redis. */
    public void refused() {
        if (queued != null) {
            failed = true;
        }
    }

    RespValue queue(Command command) {
        queued.add(command);
        return QUEUED;
    }

    RespValue queueUnwatch() {
        unwatchAt.add(queued.size() + unwatchAt.size());
        return QUEUED;
    }

    /** Ends the block (EXEC or DISCARD) and forgets the watched keys, as both do in Redis. */
    Block end() {
        Block block = new Block(queued, failed, unwatchAt, List.copyOf(watchedKeys), watchIndex);
        queued = null;
        unwatchAt = null;
        failed = false;
        unwatch();
        return block;
    }

    /**
     * Watches more keys. {@code observedIndex} is an index every later read on this connection sees at
     * least; keys watched earlier keep the earlier index (a spurious abort at worst, never a missed one).
     */
    void watch(List<byte[]> keys, long observedIndex) {
        if (watchedKeys.isEmpty()) {
            watchIndex = observedIndex;
        }
        watchedKeys.addAll(keys);
    }

    void unwatch() {
        watchedKeys.clear();
        watchIndex = 0;
    }

    boolean executing() {
        return executing;
    }

    void executing(boolean executing) {
        this.executing = executing;
    }

    /** What EXEC takes from the connection. */
    record Block(List<Command> commands, boolean failed, List<Integer> unwatchAt, List<byte[]> watchedKeys,
                 long watchIndex) {
    }
}
