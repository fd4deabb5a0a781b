package io.raftboot.api;

/**
 * A command's error reply. The message becomes {@code -ERR message}, unless it starts with its own
 * upper-case code (e.g. {@code "WRONGTYPE Operation against a key holding the wrong kind of value"}),
 * which is then used as is. Any other RuntimeException thrown by a handler is answered the same way.
 */
public class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message, null, false, false);
    }

    public static CommandException notAnInteger() {
        return new CommandException("value is not an integer or out of range");
    }

    public static CommandException syntax() {
        return new CommandException("syntax error");
    }
}
