package io.raftboot.storage;

import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;

import java.util.ArrayList;
import java.util.List;

/** Deterministic entries for storage tests: payload and type derive from index and term. */
final class TestEntries {
    private TestEntries() {
    }

    static Entry entry(long index, long term) {
        return entry(index, term, (int) (index % 97));
    }

    static Entry entry(long index, long term, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (index * 31 + term * 7 + i);
        }
        EntryType type = index % 13 == 0 ? EntryType.NOOP : EntryType.COMMAND;
        return new Entry(index, term, type, type == EntryType.NOOP ? new byte[0] : data);
    }

    /** Entries [from, to) in one term. */
    static List<Entry> range(long from, long to, long term) {
        List<Entry> out = new ArrayList<>();
        for (long i = from; i < to; i++) {
            out.add(entry(i, term));
        }
        return out;
    }
}
