package io.raftboot.consensus;

import java.util.Arrays;
import java.util.List;

/**
 * Finds the configuration entries of a log by reading it: what {@link LogView} and the runtime's
 * log stores do when they keep no note of them. Reads a bounded number of entries at a time.
 */
public final class ConfigurationEntries {
    private static final int CHUNK = 1024;

    /** Entries in [from, to), at most {@code maxBytes} of them but at least one: the reading side of a log. */
    @FunctionalInterface
    public interface Reader {
        List<Entry> entries(long from, long to, long maxBytes);
    }

    private ConfigurationEntries() {
    }

    /** Indexes of the configuration entries in [from, to], ascending, read from {@code log}. */
    public static long[] read(Reader log, long from, long to) {
        long[] found = new long[4];
        int n = 0;
        for (long i = from; i <= to; ) {
            List<Entry> chunk = log.entries(i, Math.min(to + 1, i + CHUNK), Long.MAX_VALUE);
            for (Entry e : chunk) {
                if (e.type() == EntryType.CONFIGURATION) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = e.index();
                }
            }
            i += chunk.size();
        }
        return Arrays.copyOf(found, n);
    }
}
