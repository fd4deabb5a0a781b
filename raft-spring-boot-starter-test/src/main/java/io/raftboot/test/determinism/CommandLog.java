package io.raftboot.test.determinism;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The writes members applied, by log index, recorded by wrapping each member's state machine:
 * committed entries at the same index are the same on every member (Raft's log matching), so the
 * union of what all members applied is the committed log, whatever members crashed or restarted.
 * Only the public state machine contract is used: no access to the members' log files.
 */
public final class CommandLog {
    private final NavigableMap<Long, LoggedCommand> applied = new ConcurrentSkipListMap<>();

    /** {@code target} as the node sees it, recording every write before its handler runs. */
    public StateMachine recording(StateMachine target) {
        List<CommandSpec> commands = target.commands().stream().map(this::recording).toList();
        return new StateMachine() {
            @Override
            public List<CommandSpec> commands() {
                return commands;
            }

            @Override
            public SnapshotWriter snapshot() {
                return target.snapshot();
            }

            @Override
            public void restore(InputStream in) throws IOException {
                target.restore(in);
            }
        };
    }

    private CommandSpec recording(CommandSpec spec) {
        if (spec.kind() != CommandKind.WRITE) {
            return spec;
        }
        return new CommandSpec(spec.name(), spec.arity(), spec.kind(), spec.flags(), spec.firstKey(), spec.lastKey(),
                spec.keyStep(), spec.concurrentRead(), spec.validator(), (command, context, applier) -> {
                    applied.putIfAbsent(context.index(), new LoggedCommand(context.index(), context.term(),
                            context.timestampMillis(), context.randomSeed(), new io.raftboot.api.Command(command.toArray())));
                    return spec.handler().handle(command, context, applier);
                });
    }

    /** The writes applied so far, in log order (indexes of no-ops and configuration entries are skipped). */
    public List<LoggedCommand> entries() {
        return List.copyOf(applied.values());
    }
}
