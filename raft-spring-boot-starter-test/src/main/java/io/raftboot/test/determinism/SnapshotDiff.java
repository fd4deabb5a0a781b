package io.raftboot.test.determinism;

/** Where two snapshots part: printable bytes as text, others as {@code \xNN}. */
public final class SnapshotDiff {
    private static final int CONTEXT = 40;

    private SnapshotDiff() {
    }

    static String describe(byte[] a, byte[] b) {
        return describe(a, "instance 1", b, "other");
    }

    /** Sizes, the first differing byte, and the bytes around it in each snapshot, named. */
    public static String describe(byte[] a, String aName, byte[] b, String bName) {
        int width = Math.max(aName.length(), bName.length()) + 1;
        int at = 0;
        while (at < a.length && at < b.length && a[at] == b[at]) {
            at++;
        }
        return "sizes " + a.length + " and " + b.length + " bytes, first difference at byte " + at
                + "\n  " + pad(aName + ":", width) + " " + excerpt(a, at) + "\n  " + pad(bName + ":", width) + " "
                + excerpt(b, at);
    }

    private static String pad(String label, int width) {
        return label + " ".repeat(Math.max(0, width - label.length()));
    }

    private static String excerpt(byte[] bytes, int at) {
        int from = Math.max(0, at - CONTEXT);
        int to = Math.min(bytes.length, at + CONTEXT);
        StringBuilder out = new StringBuilder(from > 0 ? "..." : "").append('"');
        for (int i = from; i < to; i++) {
            int value = bytes[i] & 0xff;
            if (value >= 0x20 && value < 0x7f && value != '\\') {
                out.append((char) value);
            } else {
                out.append(String.format("\\x%02x", value));
            }
        }
        out.append('"');
        return out.append(to < bytes.length ? "..." : "").toString();
    }
}
