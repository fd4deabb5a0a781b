package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * The configurations appended to the log after the snapshot, newest last. A configuration takes
 * effect when appended, so truncating its entry brings back the one before it.
 */
final class ConfigHistory {
    private record Appended(long index, Configuration configuration, List<Member> voters) {
        Appended(long index, Configuration configuration) {
            this(index, configuration, configuration.voters());
        }
    }

    private final ArrayList<Appended> history = new ArrayList<>();

    ConfigHistory(SnapshotMeta snapshot) {
        reset(snapshot);
    }

    void reset(SnapshotMeta snapshot) {
        history.clear();
        history.add(new Appended(snapshot.index(), snapshot.configuration()));
    }

    Configuration current() {
        return history.get(history.size() - 1).configuration();
    }

    /** The current configuration's voters, computed once per configuration (hot path: commit). */
    List<Member> voters() {
        return history.get(history.size() - 1).voters();
    }

    /** Index of the entry that set the current configuration (the snapshot index for the base one). */
    long currentIndex() {
        return history.get(history.size() - 1).index();
    }

    /** Records configuration entries among freshly appended entries. */
    void appended(List<Entry> entries) {
        for (Entry e : entries) {
            if (e.type() == EntryType.CONFIGURATION) {
                history.add(new Appended(e.index(), ConfigurationCodec.decode(e.data())));
            }
        }
    }

    /** Forgets configurations whose entries at or after {@code index} were truncated. */
    void truncatedFrom(long index) {
        while (history.size() > 1 && history.get(history.size() - 1).index() >= index) {
            history.remove(history.size() - 1);
        }
    }

    /** The log was compacted behind {@code snapshot}: older configurations are no longer needed. */
    void compacted(SnapshotMeta snapshot) {
        int keepFrom = 0;
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).index() <= snapshot.index()) {
                keepFrom = i;
            }
        }
        List<Appended> kept = new ArrayList<>(history.subList(keepFrom + 1, history.size()));
        history.clear();
        history.add(new Appended(snapshot.index(), snapshot.configuration()));
        history.addAll(kept);
    }
}
