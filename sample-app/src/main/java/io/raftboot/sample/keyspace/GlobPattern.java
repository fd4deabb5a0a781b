package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis' glob patterns (KEYS, SCAN MATCH) over bytes: {@code *} any run of bytes, {@code ?} one byte,
 * {@code [abc]} a set, {@code [^abc]} its complement, {@code [a-z]} a range (bounds in either order),
 * {@code \x} the byte x itself, also inside sets. As in Redis, an unterminated set ends at the end of
 * the pattern and a trailing backslash is a literal backslash. Bytes compare as unsigned values.
 *
 * <p>The pattern is compiled once into single-byte matchers and stars; matching backtracks only to the
 * last star, so it takes at most O(pattern × key) steps (no exponential blow-up on {@code a*a*a*b}).
 */
public final class GlobPattern {

    /** Matches exactly one byte. */
    private interface ByteMatcher {
        boolean matches(int b);
    }

    private static final ByteMatcher STAR = b -> true;
    private static final ByteMatcher ANY = b -> true;

    private final ByteMatcher[] tokens;
    private final boolean matchesEverything;

    private GlobPattern(ByteMatcher[] tokens) {
        this.tokens = tokens;
        this.matchesEverything = tokens.length > 0 && allStars(tokens);
    }

    private static boolean allStars(ByteMatcher[] tokens) {
        for (ByteMatcher t : tokens) {
            if (t != STAR) {
                return false;
            }
        }
        return true;
    }

    public static GlobPattern compile(byte[] pattern) {
        List<ByteMatcher> tokens = new ArrayList<>();
        int i = 0;
        int n = pattern.length;
        while (i < n) {
            int c = pattern[i] & 0xff;
            switch (c) {
                case '*' -> {
                    if (tokens.isEmpty() || tokens.get(tokens.size() - 1) != STAR) {
                        tokens.add(STAR);
                    }
                    i++;
                }
                case '?' -> {
                    tokens.add(ANY);
                    i++;
                }
                case '[' -> i = compileSet(pattern, i + 1, tokens);
                case '\\' -> {
                    int literal = i + 1 < n ? pattern[i + 1] & 0xff : '\\';
                    tokens.add(b -> b == literal);
                    i += i + 1 < n ? 2 : 1;
                }
                default -> {
                    tokens.add(b -> b == c);
                    i++;
                }
            }
        }
        return new GlobPattern(tokens.toArray(new ByteMatcher[0]));
    }

    /** Compiles the set starting after '['; returns the index after its closing ']' (or the end). */
    private static int compileSet(byte[] p, int start, List<ByteMatcher> tokens) {
        int n = p.length;
        int i = start;
        boolean negated = i < n && p[i] == '^';
        if (negated) {
            i++;
        }
        boolean[] members = new boolean[256];
        while (i < n) {
            int c = p[i] & 0xff;
            if (c == '\\' && i + 1 < n) {
                members[p[i + 1] & 0xff] = true;
                i += 2;
            } else if (c == ']') {
                i++;
                break;
            } else if (i + 2 < n && p[i + 1] == '-') {
                int from = c;
                int to = p[i + 2] & 0xff;
                if (from > to) {
                    int t = from;
                    from = to;
                    to = t;
                }
                for (int b = from; b <= to; b++) {
                    members[b] = true;
                }
                i += 3;
            } else {
                members[c] = true;
                i++;
            }
        }
        tokens.add(negated ? b -> !members[b] : b -> members[b]);
        return i;
    }

    /** Whether {@code key} matches the whole pattern. */
    public boolean matches(byte[] key) {
        if (matchesEverything) {
            return true;
        }
        int t = 0;
        int k = 0;
        int starToken = -1;
        int starKey = 0;
        while (k < key.length) {
            if (t < tokens.length && tokens[t] != STAR && tokens[t].matches(key[k] & 0xff)) {
                t++;
                k++;
            } else if (t < tokens.length && tokens[t] == STAR) {
                starToken = t++;
                starKey = k;
            } else if (starToken >= 0) {
                t = starToken + 1;
                k = ++starKey;
            } else {
                return false;
            }
        }
        while (t < tokens.length && tokens[t] == STAR) {
            t++;
        }
        return t == tokens.length;
    }
}
