package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A restart believes a saved commit hint only where the durable log holds the entry it names, and a
 * hint the engine hands out for saving never names an entry that is not durable yet. The first two
 * tests are the states that simulation seeds 16119 and 68998 reached before the fix.
 */
class CommitHintTest {
    private static final Configuration FIVE = Harness.configuration("n1", "n2", "n3", "n4", "n5");

    private static MemoryLog log(SnapshotMeta snapshot, long from, long to, long term) {
        MemoryLog log = new MemoryLog(snapshot);
        List<Entry> entries = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            entries.add(new Entry(i, term, EntryType.COMMAND, ("e" + i + "t" + term).getBytes()));
        }
        log.append(entries);
        log.sync();
        return log;
    }

    private static RaftEngine open(String id, MemoryLog log, HardState hardState) {
        return RaftEngine.open(Harness.config(id), log, hardState, new SplittableRandom(1));
    }

    @Test
    void seed16119AHintFromASnapshotThatNeverReachedTheDiskCommitsNothingOfTheOldLog() {
        // n2 led term 1 and wrote 1..19; the leader of term 2 replaced 18 onwards and sent a snapshot
        // at 36 whose install was lost in the crash, while the hint 36@2 was saved.
        MemoryLog durable = log(new SnapshotMeta(0, 0, FIVE), 1, 19, 1);
        RaftEngine n2 = open("n2", durable, new HardState(2, null, new CommitHint(36, 2)));
        assertThat(n2.status().commitIndex()).isZero();
        assertThat(n2.ready().committed()).isEmpty();
    }

    @Test
    void seed68998AHintBeyondTheLogAfterTheSnapshotCommitsOnlyTheSnapshot() {
        // n1 holds snapshot 49 and its log 50..68 of an old term; the hint names 99@3 from a lost install.
        MemoryLog durable = log(new SnapshotMeta(49, 1, FIVE), 50, 68, 1);
        RaftEngine n1 = open("n1", durable, new HardState(3, null, new CommitHint(99, 3)));
        assertThat(n1.status().commitIndex()).isEqualTo(49);
        assertThat(n1.ready().committed()).isEmpty();
    }

    @Test
    void aHintWhoseIndexTheLogHoldsWithAnotherTermIsNotBelieved() {
        // the truncation that replaced 4..5 (term 1) by term 2's entries did not reach the disk
        MemoryLog durable = log(new SnapshotMeta(0, 0, FIVE), 1, 5, 1);
        RaftEngine n3 = open("n3", durable, new HardState(2, null, new CommitHint(5, 2)));
        assertThat(n3.status().commitIndex()).isZero();
        assertThat(n3.ready().committed()).isEmpty();
    }

    @Test
    void aHintTheLogBacksIsBelievedAndItsEntriesAreAppliedAtOnce() {
        MemoryLog durable = log(new SnapshotMeta(0, 0, FIVE), 1, 5, 1);
        RaftEngine n3 = open("n3", durable, new HardState(2, null, new CommitHint(4, 1)));
        assertThat(n3.status().commitIndex()).isEqualTo(4);
        assertThat(n3.ready().committed()).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void entriesTheRuntimeReplaysItselfAreNotHandedOutAgainButLaterCommitsAre() {
        MemoryLog durable = log(new SnapshotMeta(0, 0, FIVE), 1, 5, 1);
        RaftEngine n3 = open("n3", durable, new HardState(2, null, new CommitHint(4, 1)));
        n3.skipCommitted(3);
        assertThat(n3.ready().committed()).extracting(Entry::index).containsExactly(4L);
        // a leader of term 2 commits entry 5 (of term 1) indirectly with its own entry 6
        n3.step(new Message.AppendRequest("n1", "n3", 2, 5, 1,
                List.of(Entry.noop(6, 2)), 6));
        Ready toPersist = n3.ready();
        List<Entry> committed = new ArrayList<>(toPersist.committed());
        n3.persisted(6, 2);
        committed.addAll(n3.ready().committed());
        assertThat(committed).extracting(Entry::index).containsExactly(5L, 6L);
    }

    @Test
    void skippingBeyondTheCommitIndexIsRefused() {
        MemoryLog durable = log(new SnapshotMeta(0, 0, FIVE), 1, 5, 1);
        RaftEngine n3 = open("n3", durable, new HardState(2, null, new CommitHint(4, 1)));
        assertThatThrownBy(() -> n3.skipCommitted(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("beyond the commit index 4");
    }

    @Test
    void theHintHandedOutForSavingNeverNamesAnEntryThatIsNotDurable() {
        Configuration ab = Harness.configuration("a", "b");
        RaftEngine b = open("b", MemoryLog.bootstrap(ab), HardState.INITIAL);
        List<Entry> entries = List.of(Entry.noop(1, 2), new Entry(2, 2, EntryType.COMMAND, "x".getBytes()));
        // a leader of a new term sends entries and a commit index covering them, all at once
        b.step(new Message.AppendRequest("a", "b", 2, 0, 0, entries, 2));
        Ready ready = b.ready();
        assertThat(b.status().commitIndex()).isEqualTo(2);
        assertThat(ready.hardState().term()).isEqualTo(2);
        assertThat(ready.hardState().commitHint()).as("nothing is durable yet").isEqualTo(CommitHint.NONE);
        b.persisted(2, 2);
        b.step(new Message.AppendRequest("a", "b", 3, 2, 2, List.of(), 2));
        assertThat(b.ready().hardState().commitHint()).isEqualTo(new CommitHint(2, 2));
    }

    @Test
    void hintsOnlyMoveForwardAndNeedATermForAnIndex() {
        CommitHint early = new CommitHint(3, 1);
        CommitHint late = new CommitHint(9, 2);
        assertThat(early.max(late)).isEqualTo(late);
        assertThat(late.max(early)).isEqualTo(late);
        assertThat(late).hasToString("9@2");
        assertThatThrownBy(() -> new CommitHint(5, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
