package io.raftboot.storage;

import io.raftboot.consensus.Entry;

import java.util.List;

/** Argument checks every {@link LogStore} applies the same way, with messages that say what was wrong. */
final class LogChecks {
    private LogChecks() {
    }

    static void checkIndex(long index, long first, long last) {
        if (index < first || index > last) {
            throw new IllegalArgumentException("log index " + index + " outside [" + first + ", " + last + "]");
        }
    }

    static void checkRange(long from, long to, long first, long last) {
        if (from > to || from < first || to > last + 1) {
            throw new IllegalArgumentException(
                    "log range [" + from + ", " + to + ") outside [" + first + ", " + (last + 1) + ")");
        }
    }

    /** Checks that the entries are contiguous and start inside [first, last + 1]. */
    static void checkAppend(List<Entry> entries, long first, long last) {
        long start = entries.get(0).index();
        if (start < first || start > last + 1) {
            throw new IllegalArgumentException(
                    "append at " + start + " outside [" + first + ", " + (last + 1) + "]: the log would have a gap");
        }
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != start + i) {
                throw new IllegalArgumentException("appended entries not contiguous at position " + i + ": "
                        + entries.get(i - 1).index() + " then " + entries.get(i).index());
            }
        }
    }

    static void checkTruncate(long fromIndex, long first, long last) {
        if (fromIndex < first || fromIndex > last + 1) {
            throw new IllegalArgumentException(
                    "truncate from " + fromIndex + " outside [" + first + ", " + (last + 1) + "]");
        }
    }

    static void checkReset(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("reset index must be >= 0: " + index);
        }
    }
}
