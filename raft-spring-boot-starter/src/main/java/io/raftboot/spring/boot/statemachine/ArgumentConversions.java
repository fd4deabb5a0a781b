package io.raftboot.spring.boot.statemachine;

import java.util.Locale;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;

/** Conversions of one command argument that the {@link Command} helpers do not offer. */
final class ArgumentConversions {

    private ArgumentConversions() {
    }

    /** {@code 1/0}, {@code true/false}, {@code yes/no}, {@code on/off}, case-insensitively. */
    static boolean booleanArg(Command command, int index) {
        byte[] raw = command.arg(index);
        if (raw.length > 5) {
            throw notABoolean();
        }
        switch (command.string(index).toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> {
                return true;
            }
            case "0", "false", "no", "off" -> {
                return false;
            }
            default -> throw notABoolean();
        }
    }

    private static CommandException notABoolean() {
        return new CommandException("value is not a valid boolean");
    }
}
