package io.raftboot.sample.keyspace;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Sorted-set scores and ranges as Redis 7.0 reads and prints them: scores parse like C's strtod
 * (decimal or inf, never NaN) and print like printf("%.17g"); ranges are {@code [(]score},
 * {@code -inf}/{@code +inf}, or for lexicographic ranges {@code [member}, {@code (member}, {@code -}, {@code +}.
 * Java's own parsing and printing differ (suffixes like "1d", "Infinity", shortest-digits output), so
 * the rules are spelled out here and give the same text on every member.
 */
final class Scores {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final MathContext SEVENTEEN = new MathContext(17, RoundingMode.HALF_EVEN);

    /** A score range: min and max, each inclusive or not. */
    record Range(double min, boolean minExclusive, double max, boolean maxExclusive) {
        boolean aboveMin(double score) {
            return minExclusive ? score > min : score >= min;
        }

        boolean belowMax(double score) {
            return maxExclusive ? score < max : score <= max;
        }

        boolean contains(double score) {
            return aboveMin(score) && belowMax(score);
        }
    }

    /** A lexicographic range; a null bound is infinite ({@code -} or {@code +}). */
    record LexRange(byte[] min, boolean minExclusive, byte[] max, boolean maxExclusive, boolean empty) {
        boolean aboveMin(byte[] member) {
            if (min == null) {
                return !empty;
            }
            int c = Arrays.compareUnsigned(member, min);
            return minExclusive ? c > 0 : c >= 0;
        }

        boolean belowMax(byte[] member) {
            if (max == null) {
                return !empty;
            }
            int c = Arrays.compareUnsigned(member, max);
            return maxExclusive ? c < 0 : c <= 0;
        }

        boolean contains(byte[] member) {
            return !empty && aboveMin(member) && belowMax(member);
        }
    }

    private Scores() {
    }

    /** A ZADD/ZINCRBY score or increment: "ERR value is not a valid float" unless a number or inf. */
    static double parse(byte[] arg) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        Double value = strtod(s);
        if (value == null) {
            throw new CommandError(Errors.NOT_A_FLOAT);
        }
        return value;
    }

    /** strtod as Redis uses it: the whole text, no NaN, no overflow or underflow to zero. Null if invalid. */
    private static Double strtod(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (!DECIMAL.matcher(s).matches()) {
            return null;
        }
        double value = Double.parseDouble(s);
        if (Double.isInfinite(value)) {
            return null;
        }
        if (value == 0 && unsigned.matches(".*[1-9].*e.*")) {
            return null; // underflow: strtod reports ERANGE
        }
        return value;
    }

    /** A range bound as zslParseRange reads it: "(" makes it exclusive; "" and "(" alone are 0, as strtod gives. */
    private static double bound(byte[] arg, boolean[] exclusive) {
        String s = new String(arg, StandardCharsets.US_ASCII);
        if (s.startsWith("(")) {
            exclusive[0] = true;
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return 0;
        }
        String trimmed = s.stripLeading(); // strtod skips leading white space
        Double value = strtod(trimmed);
        if (value == null && (trimmed.equals("+inf") || trimmed.equals("-inf"))) {
            value = trimmed.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (value == null || trimmed.isEmpty()) {
            throw new CommandError("ERR min or max is not a float");
        }
        return value;
    }

    static Range range(byte[] min, byte[] max) {
        boolean[] minEx = new boolean[1];
        boolean[] maxEx = new boolean[1];
        double lo = bound(min, minEx);
        double hi = bound(max, maxEx);
        return new Range(lo, minEx[0], hi, maxEx[0]);
    }

    /** zslParseLexRange: "-", "+", "[x", "(x"; anything else is "ERR min or max not valid string range item". */
    static LexRange lexRange(byte[] min, byte[] max) {
        Object[] lo = lexBound(min);
        Object[] hi = lexBound(max);
        // "+" as min or "-" as max make the range empty, as in Redis
        boolean empty = Boolean.TRUE.equals(lo[2]) && Boolean.TRUE.equals(lo[3])
                || Boolean.TRUE.equals(hi[2]) && Boolean.FALSE.equals(hi[3]);
        return new LexRange((byte[]) lo[0], (Boolean) lo[1], (byte[]) hi[0], (Boolean) hi[1], empty);
    }

    /** {bytes or null, exclusive, infinite, positive}. */
    private static Object[] lexBound(byte[] arg) {
        if (arg.length == 1 && arg[0] == '+') {
            return new Object[] {null, false, true, true};
        }
        if (arg.length == 1 && arg[0] == '-') {
            return new Object[] {null, false, true, false};
        }
        if (arg.length >= 1 && (arg[0] == '(' || arg[0] == '[')) {
            return new Object[] {Arrays.copyOfRange(arg, 1, arg.length), arg[0] == '(', false, false};
        }
        throw new CommandError("ERR min or max not valid string range item");
    }

    /** printf("%.17g", score), as Redis 7.0 replies scores. */
    static byte[] format(double score) {
        return text(score).getBytes(StandardCharsets.US_ASCII);
    }

    static String text(double score) {
        if (Double.isInfinite(score)) {
            return score > 0 ? "inf" : "-inf";
        }
        if (score == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(score).round(SEVENTEEN);
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= 17) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String digits = mantissa.toPlainString();
            String sign = exponent < 0 ? "-" : "+";
            int abs = Math.abs(exponent);
            return digits + "e" + sign + (abs < 10 ? "0" + abs : Integer.toString(abs));
        }
        BigDecimal fixed = rounded.stripTrailingZeros();
        return fixed.scale() < 0 ? fixed.setScale(0).toPlainString() : fixed.toPlainString();
    }
}
