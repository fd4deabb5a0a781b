package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Snapshots as metadata: compaction, install, and the follower's rules for a received snapshot. */
class SnapshotTest {

    /** The runtime's part: snapshot at the applied index, compact the log, tell consensus. */
    private static SnapshotMeta compact(Node n) {
        long index = n.applied.get(n.applied.size() - 1).index();
        SnapshotMeta meta = new SnapshotMeta(index, n.log.term(index), n.status().configuration());
        n.log.compact(meta);
        n.engine.compacted(meta);
        return meta;
    }

    @Test
    void followerBehindTheCompactedLogGetsTheSnapshotThenTheRest() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("c");
        h.propose("a", "x", "y");
        h.deliverAll();
        h.heartbeat("a");
        SnapshotMeta meta = compact(a);
        assertThat(meta.index()).isEqualTo(3);
        h.propose("a", "z");
        h.deliverAll();
        h.heal();
        h.heartbeat("a");
        assertThat(h.sent).filteredOn(m -> m instanceof Message.InstallSnapshot).hasSize(1)
                .first().isEqualTo(new Message.InstallSnapshot("a", "c", 1, meta));
        h.heartbeat("a");
        Node c = h.node("c");
        assertThat(c.installed).containsExactly(meta);
        assertThat(c.log.firstIndex()).isEqualTo(4);
        assertThat(c.log.lastIndex()).isEqualTo(4);
        assertThat(c.commit()).isEqualTo(4);
        assertThat(Harness.commands(c.applied)).containsExactly("z");
        PeerProgress progress = a.status().peers().stream().filter(p -> p.id().equals("c")).findFirst().orElseThrow();
        assertThat(progress.matchIndex()).isEqualTo(4);
        assertThat(progress.snapshotPending()).isFalse();
    }

    @Test
    void failedSnapshotTransferIsRetriedLater() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("c");
        h.propose("a", "x");
        h.deliverAll();
        h.heartbeat("a");
        compact(a);
        h.heal();
        h.tick("a");
        while (h.queue.stream().noneMatch(m -> m instanceof Message.InstallSnapshot)) {
            assertThat(h.deliverOne()).isTrue();
        }
        // The transfer of this snapshot fails in the runtime.
        assertThat(h.take(m -> m instanceof Message.InstallSnapshot)).hasSize(1);
        h.deliverAll();
        assertThat(a.status().peers().stream().filter(p -> p.id().equals("c")).findFirst().orElseThrow()
                .snapshotPending()).isTrue();
        a.engine.snapshotFailed("c");
        h.process(a);
        assertThat(h.queue).noneMatch(m -> m instanceof Message.InstallSnapshot);
        h.heal();
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(h.node("c").installed).hasSize(1);
        assertThat(h.node("c").commit()).isEqualTo(a.commit());
    }

    private static RaftEngine follower(long lastIndex, long lastTerm, long commit) {
        Configuration cfg = Harness.configuration("a", "b");
        MemoryLog log = MemoryLog.bootstrap(cfg);
        for (long i = 1; i <= lastIndex; i++) {
            log.append(List.of(new Entry(i, i <= 2 ? 1 : lastTerm, EntryType.COMMAND, null)));
        }
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(3, null, commit == 0 ? CommitHint.NONE : new CommitHint(commit, commit <= 2 ? 1 : lastTerm)), new SplittableRandom(1));
        b.ready();
        return b;
    }

    @Test
    void snapshotAtOrBelowCommitIsIgnored() {
        RaftEngine b = follower(5, 2, 4);
        b.step(new Message.InstallSnapshot("a", "b", 3, new SnapshotMeta(3, 2, Harness.configuration("a", "b"))));
        Ready r = b.ready();
        assertThat(r.snapshot()).isNull();
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.InstallSnapshotResponse("b", "a", 3, 4, true));
        assertThat(b.status().lastIndex()).isEqualTo(5);
    }

    @Test
    void snapshotWhoseLastEntryIsHeldKeepsTheSuffixAndAdvancesCommit() {
        RaftEngine b = follower(5, 2, 1);
        b.step(new Message.InstallSnapshot("a", "b", 3, new SnapshotMeta(4, 2, Harness.configuration("a", "b"))));
        Ready r = b.ready();
        assertThat(r.snapshot()).isNull();
        assertThat(b.status().lastIndex()).isEqualTo(5);
        assertThat(b.status().commitIndex()).isEqualTo(4);
        assertThat(r.committed()).extracting(Entry::index).containsExactly(2L, 3L, 4L);
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.InstallSnapshotResponse("b", "a", 3, 4, true));
    }

    @Test
    void conflictingSnapshotReplacesTheWholeLogAndConfiguration() {
        RaftEngine b = follower(5, 2, 1);
        Configuration next = Harness.configuration("a", "b", "c");
        SnapshotMeta meta = new SnapshotMeta(4, 3, next);
        b.step(new Message.InstallSnapshot("a", "b", 3, meta));
        Ready r = b.ready();
        assertThat(r.snapshot()).isEqualTo(meta);
        assertThat(r.committed()).isEmpty();
        assertThat(r.messages()).isEmpty();
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.InstallSnapshotResponse("b", "a", 3, 4, true));
        RaftStatus s = b.status();
        assertThat(s.lastIndex()).isEqualTo(4);
        assertThat(s.lastTerm()).isEqualTo(3);
        assertThat(s.commitIndex()).isEqualTo(4);
        assertThat(s.configuration()).isEqualTo(next);
        // The next append continues right after the snapshot; committed entries start after it too.
        b.step(new Message.AppendRequest("a", "b", 3, 4, 3, List.of(new Entry(5, 3, EntryType.COMMAND, null)), 5));
        Ready after = b.ready();
        assertThat(after.entries()).extracting(Entry::index).containsExactly(5L);
        b.persisted(5, 3);
        assertThat(b.ready().committed()).extracting(Entry::index).containsExactly(5L);
    }

    @Test
    void restartFromSnapshotAppliesOnlyTheEntriesAfterIt() {
        Configuration cfg = Harness.configuration("a");
        MemoryLog log = new MemoryLog(new SnapshotMeta(10, 2, cfg));
        log.append(List.of(new Entry(11, 2, EntryType.COMMAND, "k".getBytes())));
        Harness h = new Harness(Harness.config("x"));
        Node a = h.add("a", log, new HardState(2, "a", new CommitHint(11, 2)));
        assertThat(a.applied).extracting(Entry::index).containsExactly(11L);
        h.elect("a");
        assertThat(a.applied).extracting(Entry::index).containsExactly(11L, 12L);
        assertThat(a.status().firstIndex()).isEqualTo(11);
    }

    @Test
    void lostAnswerToAnInstalledSnapshotDoesNotStrandTheFollower() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("c");
        h.propose("a", "x");
        h.deliverAll();
        h.heartbeat("a");
        compact(a);
        h.heal();
        h.tick("a");
        while (h.queue.stream().noneMatch(m -> m instanceof Message.InstallSnapshotResponse)) {
            assertThat(h.deliverOne()).isTrue();
        }
        // The transfer succeeded, c installed it, and its answer is lost: the runtime reports nothing.
        assertThat(h.take(m -> m instanceof Message.InstallSnapshotResponse)).hasSize(1);
        for (int i = 0; i < Harness.ELECTION + 2; i++) {
            h.heartbeat("a");
        }
        assertThat(h.node("c").installed).hasSize(1);
        h.propose("a", "y");
        h.deliverAll();
        h.heartbeat("a");
        assertThat(Harness.commands(h.node("c").applied)).containsExactly("y");
        assertThat(h.node("c").commit()).isEqualTo(a.commit());
    }

    @Test
    void snapshotLostToAFollowerCrashIsSentAgain() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("c");
        h.propose("a", "x");
        h.deliverAll();
        h.heartbeat("a");
        SnapshotMeta meta = compact(a);
        h.heal();
        h.tick("a");
        while (h.queue.stream().noneMatch(m -> m instanceof Message.InstallSnapshot)) {
            assertThat(h.deliverOne()).isTrue();
        }
        // The bytes arrived (the transfer succeeded, so the runtime reports nothing), but c crashed
        // before the snapshot was durable and restarts with its old log.
        assertThat(h.take(m -> m instanceof Message.InstallSnapshot)).hasSize(1);
        h.restart("c");
        for (int i = 0; i < Harness.ELECTION + 2; i++) {
            h.heartbeat("a");
        }
        assertThat(h.node("c").installed).containsExactly(meta);
        h.propose("a", "y");
        h.deliverAll();
        h.heartbeat("a");
        assertThat(Harness.commands(h.node("c").applied)).containsExactly("y");
        assertThat(h.node("c").commit()).isEqualTo(a.commit());
    }

    @Test
    void trailingEntriesBehindTheSnapshotServeASlowFollowerAndDoNotRevertTheConfiguration() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(new Member("l", "l:1", false), false)))
                .isInstanceOf(ProposalResult.Accepted.class);
        h.process(a);
        h.deliverAll();
        h.heartbeat("a");
        h.isolate("c");
        h.propose("a", "x", "y", "z");
        h.deliverAll();
        h.heartbeat("a");
        long index = a.applied.get(a.applied.size() - 1).index();
        Configuration withLearner = a.status().configuration();
        SnapshotMeta meta = new SnapshotMeta(index, a.log.term(index), withLearner);
        a.log.compact(meta, 4); // keeps index 2, the last one c holds
        a.engine.compacted(meta);
        assertThat(a.log.firstIndex()).isLessThanOrEqualTo(meta.index());
        h.heal();
        h.heartbeat("a");
        h.heartbeat("a");
        // c only missed entries that are still in the trailing part: no snapshot needed.
        assertThat(h.sent).noneMatch(m -> m instanceof Message.InstallSnapshot);
        assertThat(Harness.commands(h.node("c").applied)).containsExactly("x", "y", "z");
        // Reopening over a log whose trailing entries hold an older configuration keeps the snapshot's.
        MemoryLog reopened = new MemoryLog(new SnapshotMeta(2, 1, withLearner));
        reopened.append(List.of(new Entry(3, 1, EntryType.COMMAND, null)));
        MemoryLog trailing = MemoryLog.bootstrap(Harness.configuration("a", "b", "c"));
        trailing.append(List.of(Entry.noop(1, 1),
                new Entry(2, 1, EntryType.CONFIGURATION, ConfigurationCodec.encode(Harness.configuration("a", "b"))),
                new Entry(3, 1, EntryType.COMMAND, null)));
        trailing.compact(new SnapshotMeta(2, 1, withLearner), 2);
        assertThat(trailing.firstIndex()).isEqualTo(1);
        RaftEngine e = RaftEngine.open(Harness.config("b"), trailing, new HardState(1, null), new SplittableRandom(1));
        assertThat(e.status().configuration()).isEqualTo(withLearner);
        assertThat(RaftEngine.open(Harness.config("b"), reopened, null, new SplittableRandom(1)).status().configuration())
                .isEqualTo(withLearner);
    }
}
