package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Consensus' view of the log: the durable part read through {@link LogView}, plus an in-memory
 * tail of entries that are not yet persisted or not yet handed out for applying, plus a snapshot
 * received from a leader that the runtime has not installed yet. Also tracks the commit index and
 * which committed entries were already handed out for applying.
 *
 * <p>The tail keeps an entry until it is both persisted and handed out in {@link Ready#committed()},
 * so the hot path never reads back from disk what it has just written: committed entries reach the
 * apply thread from memory. Its size is bounded by what is not yet committed (the leader's
 * uncommitted-bytes limit) plus what committed since the last Ready.
 */
final class RaftLog {
    private final LogView stable;
    /**
     * Index of the first in-memory entry; entries at or after it shadow the durable log (those at or
     * below {@link #persistedIndex} are identical to the durable ones).
     */
    private long unstableOffset;
    private final ArrayList<Entry> unstable = new ArrayList<>();
    /** First unstable index not yet handed to the runtime in a Ready. */
    private long unsentFrom;
    /** A snapshot received from the leader, until the runtime's log shows it installed. */
    private SnapshotMeta pendingSnapshot;
    private long persistedIndex;
    private long commitIndex;
    /** Last index handed out in {@link Ready#committed()}. */
    private long appliedThrough;

    RaftLog(LogView stable, CommitHint commitHint) {
        this.stable = stable;
        SnapshotMeta snapshot = stable.snapshot();
        if (stable.firstIndex() > snapshot.index() + 1) {
            throw new RaftFatalException("gap between snapshot at index " + snapshot.index()
                    + " and first log index " + stable.firstIndex());
        }
        long last = stable.lastIndex();
        this.unstableOffset = last + 1;
        this.unsentFrom = unstableOffset;
        this.persistedIndex = last;
        this.appliedThrough = snapshot.index();
        this.commitIndex = commitIndexOnOpen(stable, commitHint);
    }

    /** The commit index an engine opened over {@code stable} with {@code commitHint} starts from. */
    static long commitIndexOnOpen(LogView stable, CommitHint commitHint) {
        return Math.max(stable.snapshot().index(), backedBy(stable, commitHint));
    }

    /**
     * How far a persisted hint may be believed: to its index only where the durable log holds the
     * very entry it names (then, by log matching, every entry up to it is the committed one);
     * otherwise not at all. Capping an unbacked hint at the log's end would count old, never
     * committed entries as committed.
     */
    private static long backedBy(LogView stable, CommitHint hint) {
        long index = hint.index();
        if (index <= stable.snapshot().index() || index < stable.firstIndex() || index > stable.lastIndex()) {
            return 0;
        }
        return stable.term(index) == hint.term() ? index : 0;
    }

    /**
     * The commit index as far as this log's durable part backs it, with the term of that entry: what
     * may be recorded as a hint. Never beyond what is persisted, so a hint cannot name an entry that
     * a crash could still take away.
     */
    CommitHint durableCommitHint() {
        long index = Math.min(commitIndex, persistedIndex);
        if (!hasTerm(index)) {
            index = snapshot().index();
        }
        return index == 0 ? CommitHint.NONE : new CommitHint(index, term(index));
    }

    private SnapshotMeta pending() {
        if (pendingSnapshot != null && stable.snapshot().index() >= pendingSnapshot.index()) {
            pendingSnapshot = null;
        }
        return pendingSnapshot;
    }

    SnapshotMeta snapshot() {
        SnapshotMeta p = pending();
        return p != null ? p : stable.snapshot();
    }

    long firstIndex() {
        SnapshotMeta p = pending();
        return p != null ? p.index() + 1 : stable.firstIndex();
    }

    long lastIndex() {
        if (!unstable.isEmpty()) {
            return unstableOffset + unstable.size() - 1;
        }
        SnapshotMeta p = pending();
        return p != null ? p.index() : stable.lastIndex();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /**
     * Term at {@code index}: 0 beyond the last index or at 0; the snapshot's term at its index.
     * Compacted indexes are a caller bug.
     */
    long term(long index) {
        if (index == 0 || index > lastIndex()) {
            return 0;
        }
        if (index >= unstableOffset) {
            return unstable.get((int) (index - unstableOffset)).term();
        }
        SnapshotMeta snapshot = snapshot();
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < stable.firstIndex() || pending() != null) {
            throw new IllegalStateException("term of compacted index " + index + " asked for");
        }
        return stable.term(index);
    }

    /** True when the term at {@code index} is still known (not compacted away). */
    boolean hasTerm(long index) {
        // With trailing entries kept behind a snapshot, firstIndex - 1 is not the snapshot's index.
        return index <= lastIndex() && (index >= firstIndex() || index == snapshot().index());
    }

    boolean matchTerm(long index, long term) {
        return hasTerm(index) && term(index) == term;
    }

    /** Entries in [from, to), bounded by {@code maxBytes} but at least one when the range is not empty. */
    List<Entry> entries(long from, long to, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        if (from >= to) {
            return out;
        }
        if (from < firstIndex()) {
            throw new IllegalStateException("entries from compacted index " + from + " asked for");
        }
        long bytes = 0;
        long stableEnd = Math.min(to, unstableOffset);
        if (from < stableEnd) {
            for (Entry e : stable.entries(from, stableEnd, maxBytes)) {
                out.add(e);
                bytes += e.sizeInBytes();
            }
            if (out.size() < stableEnd - from) {
                return out;
            }
        }
        for (long i = Math.max(from, unstableOffset); i < to; i++) {
            Entry e = unstable.get((int) (i - unstableOffset));
            if (!out.isEmpty() && bytes + e.sizeInBytes() > maxBytes) {
                break;
            }
            out.add(e);
            bytes += e.sizeInBytes();
        }
        return out;
    }

    /**
     * Appends entries that directly follow index {@code first - 1}, truncating any entries at or
     * after {@code first}. Truncation at or below the commit index is fatal.
     */
    void appendAt(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        if (first <= commitIndex) {
            throw new RaftFatalException("asked to overwrite committed log entry at index " + first
                    + " (commit index " + commitIndex + ")");
        }
        long last = lastIndex();
        if (first > last + 1) {
            throw new IllegalStateException("append at " + first + " leaves a gap after " + last);
        }
        if (first >= unstableOffset) {
            unstable.subList((int) (first - unstableOffset), unstable.size()).clear();
        } else {
            unstable.clear();
            unstableOffset = first;
        }
        unstable.addAll(entries);
        unsentFrom = Math.min(unsentFrom, first);
        persistedIndex = Math.min(persistedIndex, first - 1);
    }

    /**
     * What a leader's append means for this log. Matched: entries up to {@code lastMatched} are
     * proved equal to the leader's, and {@code toAppend} (from the first real conflict or the end
     * of this log on) still has to be appended. Not matched: a conflict hint for the leader.
     */
    record Offer(boolean matched, long lastMatched, List<Entry> toAppend, long conflictTerm, long conflictIndex) {
    }

    /**
     * Checks entries following (prev, prevTerm) against this log without changing it. Entries at or
     * below the commit index are known to match; one that does not is corrupted history (fatal).
     */
    Offer offer(long prev, long prevTerm, List<Entry> entries) {
        List<Entry> rest = entries;
        if (prev < commitIndex) {
            int skip = 0;
            for (Entry e : entries) {
                if (e.index() > commitIndex) {
                    break;
                }
                if (hasTerm(e.index()) && term(e.index()) != e.term()) {
                    throw new RaftFatalException("asked to overwrite committed log entry at index "
                            + e.index() + " (commit index " + commitIndex + ")");
                }
                skip++;
            }
            rest = entries.subList(skip, entries.size());
            prev = commitIndex;
            prevTerm = term(commitIndex);
        }
        if (!matchTerm(prev, prevTerm)) {
            if (prev > lastIndex()) {
                return new Offer(false, 0, List.of(), 0, lastIndex() + 1);
            }
            return new Offer(false, 0, List.of(), term(prev), firstIndexOfTerm(prev, commitIndex + 1));
        }
        for (int i = 0; i < rest.size(); i++) {
            Entry e = rest.get(i);
            if (e.index() > lastIndex() || term(e.index()) != e.term()) {
                return new Offer(true, prev + rest.size(), rest.subList(i, rest.size()), 0, 0);
            }
        }
        return new Offer(true, prev + rest.size(), List.of(), 0, 0);
    }

    /** Entries appended since the last call, to be made durable by the runtime. */
    List<Entry> takeUnsent() {
        long last = lastIndex();
        if (unsentFrom > last || unstable.isEmpty()) {
            unsentFrom = Math.max(unsentFrom, last + 1);
            return List.of();
        }
        List<Entry> out = List.copyOf(unstable.subList((int) (unsentFrom - unstableOffset), unstable.size()));
        unsentFrom = last + 1;
        return out;
    }

    /** The runtime made entries up to {@code index} durable; ignored when that entry was replaced. */
    boolean persisted(long index, long term) {
        if (index <= persistedIndex || index >= unsentFrom || !hasTerm(index) || term(index) != term) {
            return false;
        }
        persistedIndex = index;
        releaseHandledEntries();
        return true;
    }

    /** Drops the in-memory entries that are persisted and handed out for applying: nobody needs them fast. */
    private void releaseHandledEntries() {
        long upTo = Math.min(persistedIndex, appliedThrough);
        if (upTo >= unstableOffset) {
            int count = (int) Math.min(unstable.size(), upTo - unstableOffset + 1);
            unstable.subList(0, count).clear();
            unstableOffset += count;
        }
    }

    long persistedIndex() {
        return persistedIndex;
    }

    /** Replaces the whole log by a snapshot received from the leader. */
    void restore(SnapshotMeta snapshot) {
        unstable.clear();
        unstableOffset = snapshot.index() + 1;
        unsentFrom = unstableOffset;
        pendingSnapshot = snapshot;
        persistedIndex = snapshot.index();
        commitIndex = snapshot.index();
        appliedThrough = snapshot.index();
    }

    long commitIndex() {
        return commitIndex;
    }

    /** Raises the commit index; it never decreases. */
    boolean commitTo(long index) {
        if (index <= commitIndex) {
            return false;
        }
        if (index > lastIndex()) {
            throw new IllegalStateException("commit " + index + " beyond last index " + lastIndex());
        }
        commitIndex = index;
        return true;
    }

    /** Committed, locally durable entries not handed out yet, in order; each once. */
    List<Entry> takeCommitted(long maxBytes) {
        long to = Math.min(commitIndex, persistedIndex);
        if (to <= appliedThrough) {
            return List.of();
        }
        List<Entry> out = entries(appliedThrough + 1, to + 1, maxBytes);
        appliedThrough = out.get(out.size() - 1).index();
        releaseHandledEntries();
        return out;
    }

    /** Committed entries up to {@code index} are applied by the runtime from its own log read: not handed out. */
    void skipCommitted(long index) {
        if (index > commitIndex) {
            throw new IllegalArgumentException("cannot skip entries up to " + index + " beyond the commit index "
                    + commitIndex);
        }
        appliedThrough = Math.max(appliedThrough, index);
        releaseHandledEntries();
    }

    long appliedThrough() {
        return appliedThrough;
    }

    /** Index of the first entry of the term at {@code index}, not looking below {@code floor}. */
    long firstIndexOfTerm(long index, long floor) {
        long term = term(index);
        long i = index;
        long lowest = Math.max(floor, firstIndex());
        while (i > lowest && term(i - 1) == term) {
            i--;
        }
        return i;
    }
}
