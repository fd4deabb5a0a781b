package io.raftboot.sample.keyspace;

/**
 * The options of the SCAN family, {@code [MATCH pattern] [COUNT count] [TYPE type]}, parsed with
 * Redis' errors: SCAN takes all three, HSCAN/SSCAN/ZSCAN the first two.
 *
 * @param count elements examined per call (not returned: a call may return fewer)
 * @param match null when every element matches
 * @param type  null when every type matches
 */
record ScanOptions(long count, GlobPattern match, String type) {
    private static final int DEFAULT_COUNT = 10;

    static ScanOptions parse(boolean typeAllowed, byte[]... options) {
        long count = DEFAULT_COUNT;
        GlobPattern match = null;
        String type = null;
        for (int i = 0; i < options.length; i += 2) {
            boolean hasValue = i + 1 < options.length;
            if (Args.is(options[i], "COUNT") && hasValue) {
                count = Args.parseLong(options[i + 1]);
                if (count < 1) {
                    throw Errors.syntax();
                }
            } else if (Args.is(options[i], "MATCH") && hasValue) {
                match = GlobPattern.compile(options[i + 1]);
            } else if (typeAllowed && Args.is(options[i], "TYPE") && hasValue) {
                type = Args.text(options[i + 1]);
            } else {
                throw Errors.syntax();
            }
        }
        return new ScanOptions(count, match, type);
    }

    boolean matches(byte[] element) {
        return match == null || match.matches(element);
    }
}
