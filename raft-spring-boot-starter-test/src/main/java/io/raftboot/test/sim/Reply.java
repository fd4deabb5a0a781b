package io.raftboot.test.sim;

/** A handler's reply as a client records it: text (null for a null reply), or an error, which the history counts as a failure. */
record Reply(String text, boolean error) {
    static Reply of(String text) {
        return new Reply(text, false);
    }

    static Reply error(String message) {
        return new Reply(message, true);
    }

    @Override
    public String toString() {
        return error ? "error " + text : String.valueOf(text);
    }
}
