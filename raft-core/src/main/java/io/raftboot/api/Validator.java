package io.raftboot.api;

/**
 * Checks a command before anything is logged (argument count beyond the arity, conversions): throw
 * {@link CommandException} to answer it with an error. Runs on a network thread: must be pure,
 * cheap and must not touch the state machine.
 */
@FunctionalInterface
public interface Validator {
    Validator NONE = command -> {
    };

    void validate(Command command);
}
