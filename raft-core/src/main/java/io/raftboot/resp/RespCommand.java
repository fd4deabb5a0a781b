package io.raftboot.resp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One request as decoded from the wire: its arguments (argument 0 is the command name), binary
 * safe. The argument arrays belong to the command; nobody modifies them.
 */
public final class RespCommand {
    private final byte[][] args;
    private final boolean inline;
    private String name;

    /** @throws IllegalArgumentException if there is no argument at all */
    public RespCommand(byte[][] args, boolean inline) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command has at least its name");
        }
        this.args = args;
        this.inline = inline;
    }

    /** A multibulk command of UTF-8 text arguments (for tests and internal callers). */
    public static RespCommand of(String... args) {
        byte[][] bytes = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return new RespCommand(bytes, false);
    }

    /** Argument 0 upper-cased (ASCII only, as Redis compares command names), computed once. */
    public String name() {
        String n = name;
        if (n == null) {
            byte[] raw = args[0];
            char[] chars = new char[raw.length];
            for (int i = 0; i < raw.length; i++) {
                int c = raw[i] & 0xFF;
                chars[i] = (char) (c >= 'a' && c <= 'z' ? c - 32 : c);
            }
            n = new String(chars);
            name = n;
        }
        return n;
    }

    /** Whether argument 0 equals {@code upperCaseName} ignoring ASCII case, without allocating. */
    public boolean isNamed(String upperCaseName) {
        return args[0].length == upperCaseName.length() && nameStartsWith(upperCaseName);
    }

    /**
     * Whether argument 0 starts with {@code upperCasePrefix} ignoring ASCII case, without allocating:
     * every client request passes such a check (is it a peer RPC?), and building {@link #name()} for
     * it showed up in the profile.
     */
    public boolean nameStartsWith(String upperCasePrefix) {
        byte[] raw = args[0];
        if (raw.length < upperCasePrefix.length()) {
            return false;
        }
        for (int i = 0; i < upperCasePrefix.length(); i++) {
            int c = raw[i] & 0xFF;
            if (c >= 'a' && c <= 'z') {
                c -= 32;
            }
            if (c != upperCasePrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public int argCount() {
        return args.length;
    }

    public byte[] arg(int index) {
        return args[index];
    }

    /**
     * The argument array itself, name first, not a copy: for callers on the request path that hand
     * the arguments on unchanged (a {@code Command}, a log payload). Neither the array nor its
     * elements may be modified.
     */
    public byte[][] sharedArgs() {
        return args;
    }

    /** All arguments, name first, as a read-only view (the arrays themselves must not be modified). */
    public List<byte[]> args() {
        return Collections.unmodifiableList(Arrays.asList(args));
    }

    /** Argument {@code index} decoded as UTF-8. */
    public String argString(int index) {
        return new String(args[index], StandardCharsets.UTF_8);
    }

    /** Whether the command came as an inline (telnet-style) line rather than a multibulk array. */
    public boolean inline() {
        return inline;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RespCommand c && inline == c.inline && Arrays.deepEquals(args, c.args);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(args) * 31 + (inline ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("RespCommand[").append(name());
        for (int i = 1; i < args.length && i < 8; i++) {
            out.append(' ').append(args[i].length).append('B');
        }
        if (args.length > 8) {
            out.append(" ... ").append(args.length).append(" args");
        }
        return out.append(inline ? " inline]" : "]").toString();
    }
}
