package io.raftboot.sample.keyspace;

import java.util.Locale;

/** Redis 7's error texts used by the keyspace commands. */
public final class Errors {

    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";
    public static final String SYNTAX = "ERR syntax error";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";
    public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";
    public static final String INVALID_CURSOR = "ERR invalid cursor";
    public static final String EXPIRE_NX_CONFLICT = "ERR NX and XX, GT or LT options at the same time are not compatible";
    public static final String EXPIRE_GT_LT_CONFLICT = "ERR GT and LT options at the same time are not compatible";

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String NOT_A_FLOAT = "ERR value is not a valid float";
    public static final String MUST_BE_POSITIVE = "ERR value is out of range, must be positive";

    private Errors() {
    }

    public static CommandError notAnInteger() {
        return new CommandError(NOT_AN_INTEGER);
    }

    public static CommandError wrongType() {
        return new CommandError(WRONGTYPE);
    }

    public static CommandError syntax() {
        return new CommandError(SYNTAX);
    }

    /** @param command the command's name as Redis spells it in this error, e.g. {@code set} */
    public static CommandError invalidExpireTime(String command) {
        return new CommandError("ERR invalid expire time in '" + command.toLowerCase(Locale.ROOT) + "' command");
    }

    public static CommandError wrongArity(String command) {
        return new CommandError("ERR wrong number of arguments for '" + command.toLowerCase(Locale.ROOT) + "' command");
    }

    public static CommandError unsupportedOption(String option) {
        return new CommandError("ERR Unsupported option " + option);
    }

    /** The reply to a Redis command this replicated store deliberately does not offer. */
    public static CommandError notSupported(String command) {
        return new CommandError("ERR command '" + command.toUpperCase(Locale.ROOT)
                + "' is not supported by this replicated store");
    }
}
