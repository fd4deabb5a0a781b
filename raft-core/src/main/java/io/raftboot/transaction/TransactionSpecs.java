package io.raftboot.transaction;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Adds transactions to a state machine's commands: every write records the keys it touched in the
 * {@link WatchTable} as it applies, and two internal commands carry a queued {@code MULTI} block, one
 * for blocks with writes (one log entry) and one for blocks of reads only (a read behind the
 * consistency check, never logged).
 */
public final class TransactionSpecs {
    /** A transaction with writes: logged as one entry, applied back to back on every member. */
    public static final String EXEC = "raftexec";
    /** A transaction of reads only: served like a read. */
    public static final String EXEC_READS = "raftexecread";

    private TransactionSpecs() {
    }

    public static boolean isTransaction(String lowerName) {
        return lowerName.equals(EXEC) || lowerName.equals(EXEC_READS);
    }

    /** The user's commands, writes tracked, plus the two transaction commands. */
    public static Map<String, CommandSpec> withTransactions(Map<String, CommandSpec> user, WatchTable table) {
        Map<String, CommandSpec> all = new LinkedHashMap<>();
        for (CommandSpec spec : user.values()) {
            if (isTransaction(spec.lowerName())) {
                throw new IllegalArgumentException("command " + spec.name() + " clashes with a built-in");
            }
            all.put(spec.lowerName(), spec.kind() == CommandKind.WRITE ? tracked(spec, table) : spec);
        }
        TransactionRunner runner = new TransactionRunner(
                name -> all.get(name.toLowerCase(Locale.ROOT)), table);
        // flagged admin: sent directly, a block could hold commands above the sender's role; EXEC sends
        // them after checking each queued command against it
        all.put(EXEC, CommandSpec.builder(EXEC, -3, CommandKind.WRITE).flags(CommandSpec.ADMIN).noKeys()
                .validator(TransactionPayload::decode).handler(runner::applyWrites).build());
        all.put(EXEC_READS, CommandSpec.builder(EXEC_READS, -3, CommandKind.READ).flags(CommandSpec.ADMIN).noKeys()
                .validator(TransactionPayload::decode).handler(runner::read).build());
        return Map.copyOf(all);
    }

    /** The same write, recording in the table that it touched its keys (even when it failed: harmless). */
    private static CommandSpec tracked(CommandSpec spec, WatchTable table) {
        return new CommandSpec(spec.name(), spec.arity(), spec.kind(), spec.flags(), spec.firstKey(), spec.lastKey(),
                spec.keyStep(), spec.concurrentRead(), spec.validator(), (command, context, applier) -> {
                    try {
                        return spec.handler().handle(command, context, applier);
                    } finally {
                        table.modified(spec, command, context.index());
                    }
                });
    }
}
