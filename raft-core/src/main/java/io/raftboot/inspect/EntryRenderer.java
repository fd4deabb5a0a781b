package io.raftboot.inspect;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.Member;
import io.raftboot.node.CommandPayload;

import java.util.List;
import java.util.stream.Collectors;

/** One log entry as a line of text: index, term, type, payload size, then what it carries. */
final class EntryRenderer {
    /** Longer arguments are cut, so one huge value does not flood the terminal. */
    static final int MAX_ARG_SHOWN = 64;

    private EntryRenderer() {
    }

    static String line(Entry e) {
        return e.index() + "\t" + e.term() + "\t" + e.type() + "\t" + e.data().length + "B\t" + content(e);
    }

    static String content(Entry e) {
        switch (e.type()) {
            case NOOP:
                return "";
            case CONFIGURATION:
                try {
                    return configuration(ConfigurationCodec.decode(e.data()));
                } catch (RuntimeException ex) {
                    return "<unreadable configuration: " + ex.getMessage() + ">";
                }
            default:
                try {
                    return words(CommandPayload.decode(e.data()).args());
                } catch (RuntimeException ex) {
                    return "<not a command payload: " + ex.getMessage() + ">";
                }
        }
    }

    static String configuration(Configuration c) {
        return "voters [" + members(c.voters()) + "] learners [" + members(c.learners()) + "]";
    }

    private static String members(List<Member> members) {
        return members.stream().map(m -> m.id() + "@" + m.address()).collect(Collectors.joining(", "));
    }

    /** The command's words as redis-cli would type them: plain when safe, else quoted with escapes. */
    static String words(byte[][] args) {
        StringBuilder out = new StringBuilder();
        for (byte[] arg : args) {
            if (out.length() > 0) {
                out.append(' ');
            }
            word(arg, out);
        }
        return out.toString();
    }

    private static void word(byte[] arg, StringBuilder out) {
        int shown = Math.min(arg.length, MAX_ARG_SHOWN);
        boolean plain = arg.length > 0;
        for (int i = 0; i < shown && plain; i++) {
            int b = arg[i] & 0xFF;
            plain = b > ' ' && b < 0x7F && b != '"' && b != '\\' && b != '\'';
        }
        if (plain) {
            out.append(new String(arg, 0, shown, java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            out.append('"');
            for (int i = 0; i < shown; i++) {
                int b = arg[i] & 0xFF;
                switch (b) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (b >= ' ' && b < 0x7F) {
                            out.append((char) b);
                        } else {
                            out.append(String.format("\\x%02x", b));
                        }
                    }
                }
            }
            out.append('"');
        }
        if (arg.length > shown) {
            out.append("...(").append(arg.length).append(" bytes)");
        }
    }
}
