package io.raftboot.faults.workload;

/**
 * How an error reply from the server classifies for the history (INTERFACE.md): redirects,
 * {@code -CLUSTERDOWN} and {@code -LOADING} never reached the log, so they are definite failures;
 * {@code -TIMEOUT} may still take effect.
 */
public record ErrorReply(Kind kind, String redirectTo, String text) {

    public enum Kind {
        /** {@code -TRY host:port} or {@code -MOVED slot host:port}: not the leader, nothing logged. */
        REDIRECT,
        /** {@code -CLUSTERDOWN}: no leader known, nothing logged. */
        NO_LEADER,
        /** {@code -TIMEOUT}: outcome unknown. */
        TIMEOUT,
        /** Any other error ({@code -LOADING}, {@code -ERR ...}): the command was refused. */
        REFUSED
    }

    /** Classifies an error reply's text (without the leading dash). */
    public static ErrorReply parse(String text) {
        String t = text == null ? "" : text.trim();
        String[] words = t.split("\\s+");
        String code = words[0];
        if (code.equals("TRY") && words.length >= 2) {
            return new ErrorReply(Kind.REDIRECT, words[1], t);
        }
        if (code.equals("MOVED") && words.length >= 3) {
            return new ErrorReply(Kind.REDIRECT, words[2], t);
        }
        if (code.equals("CLUSTERDOWN")) {
            return new ErrorReply(Kind.NO_LEADER, null, t);
        }
        if (code.equals("TIMEOUT")) {
            return new ErrorReply(Kind.TIMEOUT, null, t);
        }
        return new ErrorReply(Kind.REFUSED, null, t);
    }

    public boolean outcomeUnknown() {
        return kind == Kind.TIMEOUT;
    }
}
