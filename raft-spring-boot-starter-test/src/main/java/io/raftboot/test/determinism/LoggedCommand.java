package io.raftboot.test.determinism;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;

/**
 * One committed write as a member applied it: the command and the context every member sees for
 * it (index, term, leader timestamp, random seed).
 */
public record LoggedCommand(long index, long term, long timestampMillis, long randomSeed, Command command) {

    /** A write at {@code index} in term 1 with a timestamp and seed derived from the index: for logs written by hand. */
    public static LoggedCommand at(long index, String... args) {
        return new LoggedCommand(index, 1, 1_700_000_000_000L + index, CommandContext.seedFor(index, 1), Command.of(args));
    }

    /** The context a member passes to the handler; {@code local} as on the member that received it. */
    public CommandContext context() {
        return new CommandContext(index, term, timestampMillis, randomSeed, true);
    }

    @Override
    public String toString() {
        return "#" + index + " (term " + term + ") " + command;
    }
}
