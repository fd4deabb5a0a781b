package io.raftboot.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One client command: argument 0 is the name, as the client sent it. Arguments are binary; the
 * conversion helpers throw {@link CommandException} with Redis' own messages.
 */
public final class Command {
    private final byte[][] args;

    /** Takes ownership of {@code args}; the arrays must not be modified afterwards. */
    public Command(byte[][] args) {
        if (args == null || args.length == 0) {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        this.args = args;
    }

    public static Command of(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return new Command(bytes);
    }

    /** The name as sent (argument 0 decoded as UTF-8); registry lookups ignore case. */
    public String name() {
        return string(0);
    }

    /** Number of arguments including the name, as Redis counts arity. */
    public int size() {
        return args.length;
    }

    /** Argument {@code i} (0 is the name). The array is shared: do not modify it. */
    public byte[] arg(int i) {
        return args[i];
    }

    public String string(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** Argument {@code i} as a long, or {@code -ERR value is not an integer or out of range}. */
    public long longArg(int i) {
        byte[] bytes = args[i];
        if (bytes.length == 0 || bytes.length > 20) {
            throw CommandException.notAnInteger();
        }
        try {
            return Long.parseLong(new String(bytes, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw CommandException.notAnInteger();
        }
    }

    public int intArg(int i) {
        long value = longArg(i);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw CommandException.notAnInteger();
        }
        return (int) value;
    }

    /** Argument {@code i} as a double, or {@code -ERR value is not a valid float}. */
    public double doubleArg(int i) {
        try {
            double value = Double.parseDouble(string(i));
            if (Double.isNaN(value)) {
                throw new CommandException("value is not a valid float");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new CommandException("value is not a valid float");
        }
    }

    /** Arguments from {@code from} to the end. */
    public List<byte[]> rest(int from) {
        return Arrays.asList(args).subList(from, args.length);
    }

    /** A copy of all arguments. */
    public byte[][] toArray() {
        return args.clone();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(i == 0 || args[i].length <= 64 ? string(i) : string(i).substring(0, 64) + "...");
        }
        return out.toString();
    }
}
