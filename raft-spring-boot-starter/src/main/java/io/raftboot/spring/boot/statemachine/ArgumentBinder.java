package io.raftboot.spring.boot.statemachine;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;

/**
 * Produces one handler argument from a command. One binder is chosen per parameter at start-up, so
 * a call costs no type inspection.
 */
@FunctionalInterface
interface ArgumentBinder {

    /**
     * @param context null while validating (before anything is logged)
     * @throws io.raftboot.api.CommandException when the argument does not convert
     */
    Object bind(Command command, CommandContext context);
}
