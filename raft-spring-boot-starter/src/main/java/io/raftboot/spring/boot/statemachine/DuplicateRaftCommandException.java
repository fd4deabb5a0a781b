package io.raftboot.spring.boot.statemachine;

import java.lang.reflect.Method;

/** Two handler methods claim the same command name (names are case-insensitive). */
public class DuplicateRaftCommandException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String commandName;
    private final String firstHandler;
    private final String secondHandler;

    public DuplicateRaftCommandException(String commandName, Method first, Method second) {
        super("Command '" + commandName + "' is handled by both " + HandlerMethods.describe(first) + " and "
                + HandlerMethods.describe(second));
        this.commandName = commandName;
        this.firstHandler = HandlerMethods.describe(first);
        this.secondHandler = HandlerMethods.describe(second);
    }

    public String getCommandName() {
        return commandName;
    }

    public String getFirstHandler() {
        return firstHandler;
    }

    public String getSecondHandler() {
        return secondHandler;
    }
}
