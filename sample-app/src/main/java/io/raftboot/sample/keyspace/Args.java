package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;

/** Parsing of command arguments with Redis' own strictness. */
public final class Args {

    /** Redis refuses integer strings this long or longer (LONG_STR_SIZE). */
    private static final int MAX_LONG_LENGTH = 20;

    private Args() {
    }

    /** Case-insensitive comparison of an argument with an ASCII keyword such as {@code "EX"}. */
    public static boolean is(byte[] arg, String keyword) {
        if (arg.length != keyword.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            int a = arg[i] & 0xff;
            int k = keyword.charAt(i);
            if (a != k && toUpper(a) != toUpper(k)) {
                return false;
            }
        }
        return true;
    }

    private static int toUpper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    /**
     * Parses a signed 64-bit integer as Redis' string2ll does: optional '-', no '+', no spaces,
     * no leading zeros, no overflow.
     *
     * @throws CommandError "ERR value is not an integer or out of range"
     */
    public static long parseLong(byte[] arg) {
        long value = tryParseLong(arg);
        if (value == Long.MIN_VALUE && !isMinLong(arg)) {
            throw Errors.notAnInteger();
        }
        return value;
    }

    static boolean isMinLong(byte[] arg) {
        return "-9223372036854775808".equals(new String(arg, StandardCharsets.US_ASCII));
    }

    /** Returns the parsed value, or Long.MIN_VALUE when the bytes are not a valid integer. */
    static long tryParseLong(byte[] s) {
        int len = s.length;
        if (len == 0 || len > MAX_LONG_LENGTH) {
            return Long.MIN_VALUE;
        }
        if (len == 1 && s[0] == '0') {
            return 0;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (len == 1) {
                return Long.MIN_VALUE;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return Long.MIN_VALUE;
        }
        // Accumulate negatively so that Long.MIN_VALUE itself is representable.
        long acc = 0;
        for (; i < len; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            if (acc < (Long.MIN_VALUE + d) / 10) {
                return Long.MIN_VALUE;
            }
            acc = acc * 10 - d;
        }
        if (negative) {
            return acc;
        }
        if (acc == Long.MIN_VALUE) {
            return Long.MIN_VALUE;
        }
        return -acc;
    }

    /** Parses an unsigned 64-bit SCAN cursor; anything else is "ERR invalid cursor". */
    public static long parseCursor(byte[] arg) {
        if (arg.length == 0 || arg.length > 20) {
            throw new CommandError(Errors.INVALID_CURSOR);
        }
        for (byte b : arg) {
            if (b < '0' || b > '9') {
                throw new CommandError(Errors.INVALID_CURSOR);
            }
        }
        try {
            return Long.parseUnsignedLong(new String(arg, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new CommandError(Errors.INVALID_CURSOR);
        }
    }

    public static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    public static String text(byte[] arg) {
        return new String(arg, StandardCharsets.UTF_8);
    }
}
