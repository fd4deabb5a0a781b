package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.consensus.Harness.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Log matching, commit rules, flow control and the paper's Figures 7 and 8. */
class ReplicationTest {

    private static MemoryLog logOfTerms(Configuration cfg, long... terms) {
        MemoryLog log = MemoryLog.bootstrap(cfg);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            entries.add(new Entry(i + 1, terms[i], EntryType.COMMAND, ("e" + (i + 1) + "t" + terms[i]).getBytes()));
        }
        log.append(entries);
        log.sync();
        return log;
    }

    private static long[] terms(MemoryLog log) {
        long[] out = new long[(int) log.lastIndex()];
        for (int i = 1; i <= log.lastIndex(); i++) {
            out[i - 1] = log.term(i);
        }
        return out;
    }

    @Test
    void figure7LeaderOfTerm8BringsEveryFollowerIntoLine() {
        String[] ids = {"leader", "a", "b", "c", "d", "e", "f"};
        Configuration cfg = Harness.configuration(ids);
        Map<String, long[]> logs = Map.of(
                "leader", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6},
                "a", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6},
                "b", new long[] {1, 1, 1, 4},
                "c", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6},
                "d", new long[] {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7},
                "e", new long[] {1, 1, 1, 4, 4, 4, 4},
                "f", new long[] {1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3});
        Harness h = new Harness(Harness.config("x"));
        for (String id : ids) {
            h.add(id, logOfTerms(cfg, logs.get(id)), new HardState(7, null));
        }
        h.outliveStartUpStickiness();
        Node leader = h.elect("leader");
        assertThat(leader.term()).isEqualTo(8);
        h.heartbeat("leader");
        h.heartbeat("leader");
        long[] expected = {1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8};
        for (String id : ids) {
            assertThat(terms(h.node(id).log)).as(id).containsExactly(expected);
            assertThat(h.node(id).commit()).as(id).isEqualTo(11);
            assertThat(h.node(id).applied).as(id).hasSize(11);
        }
        assertThat(h.node("leader").applied).isEqualTo(h.node("f").applied);
        // Conflict hints skip whole terms: f (five wrong entries in two terms) needs few rejections.
        long rejectionsFromF = h.sent.stream()
                .filter(m -> m instanceof Message.AppendResponse r && !r.success() && r.from().equals("f")).count();
        assertThat(rejectionsFromF).isLessThanOrEqualTo(3);
    }

    @Test
    void figure8OldTermEntryIsNotCommittedByCountingReplicas() {
        RaftConfig oneEntryPerAppend = new RaftConfig("x", Harness.ELECTION, 1, 40, 64, 1 << 20, 1 << 20);
        String[] ids = {"s1", "s2", "s3", "s4", "s5"};
        Configuration cfg = Harness.configuration(ids);
        Harness h = new Harness(oneEntryPerAppend);
        h.add("s1", logOfTerms(cfg, 1, 2), new HardState(3, null, new CommitHint(1, 1)));
        h.add("s2", logOfTerms(cfg, 1, 2), new HardState(3, null, new CommitHint(1, 1)));
        h.add("s3", logOfTerms(cfg, 1), new HardState(3, null, new CommitHint(1, 1)));
        h.add("s4", logOfTerms(cfg, 1), new HardState(3, null, new CommitHint(1, 1)));
        h.add("s5", logOfTerms(cfg, 1, 3), new HardState(3, null, new CommitHint(1, 1)));
        h.outliveStartUpStickiness();
        // The new leader's no-op (index 3, term 4) reaches nobody yet (s3 only learns index 2).
        h.dropWhen(m -> m instanceof Message.AppendRequest a && h.node(a.to()).log.lastIndex() >= 2
                && a.entries().stream().anyMatch(e -> e.index() == 3));
        Node s1 = h.elect("s1");
        assertThat(s1.term()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            h.heartbeat("s1");
        }
        assertThat(h.node("s3").log.lastIndex()).isEqualTo(2);
        assertThat(s1.status().peers().stream().filter(p -> p.matchIndex() >= 2).count()).isGreaterThanOrEqualTo(2);
        // Index 2 (term 2) sits on s1, s2, s3: a majority, and still it is not committed.
        assertThat(s1.commit()).isEqualTo(1);
        h.heal();
        h.heartbeat("s1");
        h.heartbeat("s1");
        assertThat(s1.commit()).isEqualTo(3);
        assertThat(h.node("s5").log.term(2)).isEqualTo(2);
    }

    @Test
    void delayedDuplicateAppendDoesNotDropNewerEntries() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.propose("a", "x");
        List<Message> first = h.take(m -> m.to().equals("b"));
        h.deliverAll();
        h.propose("a", "y");
        h.deliverAll();
        Node b = h.node("b");
        assertThat(b.log.lastIndex()).isEqualTo(3);
        Message.AppendRequest stale = (Message.AppendRequest) first.get(0);
        b.readies.clear();
        h.deliver(stale);
        assertThat(b.log.lastIndex()).isEqualTo(3);
        assertThat(Harness.commands(b.log.entries(1, 4, Long.MAX_VALUE))).containsExactly("x", "y");
        Message.AppendResponse answer = (Message.AppendResponse) b.readies.get(0).messagesAfterPersist().get(0);
        assertThat(answer.success()).isTrue();
        assertThat(answer.index()).isEqualTo(stale.prevLogIndex() + stale.entries().size());
    }

    @Test
    void followerCommitsOnlyWhatTheRequestProvedToMatch() {
        Configuration cfg = Harness.configuration("a", "b");
        MemoryLog log = logOfTerms(cfg, 1, 1, 2, 2, 2);
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(3, null), new SplittableRandom(1));
        // Leader of term 3 proves index 2 matches and has committed far beyond.
        b.step(new Message.AppendRequest("a", "b", 3, 2, 1, List.of(), 10));
        Ready r = b.ready();
        assertThat(b.status().commitIndex()).isEqualTo(2);
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.AppendResponse("b", "a", 3, true, 2, 0, 0));
        b.step(new Message.Heartbeat("a", "b", 3, 2, 1));
        assertThat(b.status().commitIndex()).isEqualTo(2);
        // The commit index never decreases, whatever a delayed message says.
        b.step(new Message.Heartbeat("a", "b", 3, 1, 2));
        b.step(new Message.AppendRequest("a", "b", 3, 1, 1, List.of(), 1));
        assertThat(b.status().commitIndex()).isEqualTo(2);
    }

    @Test
    void followerRejectsWithHintThatSkipsTheConflictingTerm() {
        Configuration cfg = Harness.configuration("a", "b");
        MemoryLog log = logOfTerms(cfg, 1, 2, 2, 2, 2);
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(3, null), new SplittableRandom(1));
        b.step(new Message.AppendRequest("a", "b", 3, 5, 3, List.of(), 0));
        assertThat(b.ready().messagesAfterPersist()).containsExactly(new Message.AppendResponse("b", "a", 3, false, 5, 2, 2));
        b.step(new Message.AppendRequest("a", "b", 3, 9, 3, List.of(), 0));
        assertThat(b.ready().messagesAfterPersist()).containsExactly(new Message.AppendResponse("b", "a", 3, false, 9, 0, 6));
    }

    @Test
    void truncatingAtOrBelowCommitIsFatalAndNamesTheIndex() {
        Configuration cfg = Harness.configuration("a", "b");
        MemoryLog log = logOfTerms(cfg, 1, 1, 1);
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(2, null), new SplittableRandom(1));
        b.step(new Message.AppendRequest("a", "b", 2, 1, 1, List.of(), 3));
        assertThat(b.status().commitIndex()).isEqualTo(1);
        b.step(new Message.AppendRequest("a", "b", 2, 3, 1, List.of(), 3));
        assertThat(b.status().commitIndex()).isEqualTo(3);
        b.ready();
        assertThatThrownBy(() -> b.step(new Message.AppendRequest("a", "b", 2, 1, 1,
                List.of(new Entry(2, 2, EntryType.COMMAND, null)), 3)))
                .isInstanceOf(RaftFatalException.class).hasMessageContaining("index 2");
    }

    @Test
    void uncommittedConflictingSuffixIsReplaced() {
        Configuration cfg = Harness.configuration("a", "b");
        MemoryLog log = logOfTerms(cfg, 1, 1, 1);
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(2, null), new SplittableRandom(1));
        b.step(new Message.AppendRequest("a", "b", 2, 1, 1, List.of(new Entry(2, 2, EntryType.COMMAND, null)), 1));
        Ready r = b.ready();
        assertThat(r.entries()).containsExactly(new Entry(2, 2, EntryType.COMMAND, null));
        assertThat(r.messages()).as("an acknowledgement never leaves before what it promises is durable").isEmpty();
        assertThat(b.status().lastIndex()).isEqualTo(2);
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.AppendResponse("b", "a", 2, true, 2, 0, 0));
    }

    @Test
    void leaderCountsItselfOnlyOnceItsOwnAppendIsDurable() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        a.autoPersist = false;
        h.isolate("c");
        h.propose("a", "x");
        h.deliverAll();
        assertThat(h.node("b").log.lastIndex()).isEqualTo(2);
        assertThat(a.commit()).isEqualTo(1);
        h.persistNow("a");
        assertThat(a.commit()).isEqualTo(2);
        assertThat(Harness.commands(a.applied)).containsExactly("x");
    }

    @Test
    void staleAcknowledgementsNeitherLowerMatchNorRewindNext() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.propose("a", "x", "y");
        h.deliverAll();
        PeerProgress before = peer(a, "b");
        assertThat(before.matchIndex()).isEqualTo(3);
        a.engine.step(new Message.AppendResponse("b", "a", 1, true, 1, 0, 0));
        a.engine.step(new Message.AppendResponse("b", "a", 1, false, 2, 0, 2));
        a.engine.step(new Message.AppendResponse("b", "a", 0, false, 0, 0, 1));
        h.process(a);
        assertThat(peer(a, "b")).isEqualTo(before);
    }

    private static PeerProgress peer(Node leader, String id) {
        return leader.status().peers().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void pipelineIsBoundedByInflightAppends() {
        RaftConfig small = new RaftConfig("x", Harness.ELECTION, 1, 40, 2, 1 << 20, 1 << 20);
        Harness h = Harness.voters(small, "a", "b");
        h.elect("a");
        h.propose("a", "1", "2", "3", "4", "5");
        List<Message> toB = h.take(m -> m instanceof Message.AppendRequest && m.to().equals("b"));
        assertThat(toB).hasSize(2).allMatch(m -> ((Message.AppendRequest) m).entries().size() == 1);
        toB.forEach(h::deliver);
        h.deliverAll();
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(h.node("b").log.lastIndex()).isEqualTo(6);
        assertThat(h.node("a").commit()).isEqualTo(6);
    }

    @Test
    void lostAppendsInAPipelineAreResent() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.heartbeat("a");
        h.propose("a", "x");
        h.take(m -> m instanceof Message.AppendRequest && m.to().equals("b"));
        h.deliverAll();
        for (int i = 0; i < 4; i++) {
            h.heartbeat("a");
        }
        assertThat(h.node("b").log.lastIndex()).isEqualTo(2);
        assertThat(h.node("b").commit()).isEqualTo(2);
    }

    @Test
    void uncommittedBytesAreBoundedWithOverloaded() {
        RaftConfig small = new RaftConfig("x", Harness.ELECTION, 1, 100, 4, 100, 200);
        Harness h = Harness.voters(small, "a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        h.isolate("c");
        ProposalResult last = null;
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            last = a.engine.propose(List.of(new byte[40]));
            if (last instanceof ProposalResult.Accepted) {
                accepted++;
            } else {
                break;
            }
        }
        assertThat(accepted).isEqualTo(2);
        assertThat(last).isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.OVERLOADED, "a"));
        h.process(a);
        h.heal();
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(a.engine.propose(List.of(new byte[40]))).isInstanceOf(ProposalResult.Accepted.class);
    }

    @Test
    void followerRefusesProposalsNamingTheLeader() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        assertThat(h.node("b").engine.propose(List.of(new byte[1])))
                .isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.NOT_LEADER, "a"));
    }

    @Test
    void committedEntriesAreHandedOutOnceInOrderAndAgainAfterRestart() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.propose("a", "x", "y");
        h.propose("a", "z");
        h.deliverAll();
        h.heartbeat("a");
        for (Node n : h.nodes.values()) {
            assertThat(n.applied).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
        }
        // Without a commit hint the restarted member re-applies once the leader tells it the commit.
        Node b = h.restart("b");
        assertThat(b.applied).isEmpty();
        h.heartbeat("a");
        assertThat(b.applied).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
        // With a commit hint it re-applies at once, each entry once.
        h.node("c").hardState = new HardState(1, "a", new CommitHint(4, 1));
        Node c = h.restart("c");
        assertThat(c.applied).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
        h.heartbeat("a");
        assertThat(c.applied).extracting(Entry::index).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void openingWithAGapAfterTheSnapshotIsFatal() {
        Configuration cfg = Harness.configuration("a");
        SnapshotMeta snapshot = new SnapshotMeta(5, 1, cfg);
        LogView log = new LogView() {
            @Override
            public long firstIndex() {
                return 8;
            }

            @Override
            public long lastIndex() {
                return 9;
            }

            @Override
            public long term(long index) {
                return 1;
            }

            @Override
            public List<Entry> entries(long from, long to, long maxBytes) {
                throw new AssertionError("entries must not be read from a log with a gap");
            }

            @Override
            public SnapshotMeta snapshot() {
                return snapshot;
            }
        };
        assertThatThrownBy(() -> RaftEngine.open(Harness.config("a"), log, null, new SplittableRandom(1)))
                .isInstanceOf(RaftFatalException.class).hasMessageContaining("gap");
    }

    @Test
    void readsWhileAFollowerProbesDoNotResendTheProbeForEveryHeartbeatAnswer() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        for (int i = 0; i < 5; i++) {
            h.propose("a", "v" + i);
        }
        h.heal();
        // b answers heartbeats but its answers to appends are lost: it stays in probe with an append outstanding
        h.dropWhen(m -> m instanceof Message.AppendResponse && m.from().equals("b"));
        h.heartbeat("a");
        h.heartbeat("a");
        h.sent.clear();
        // many reads within one tick: each starts a heartbeat round that b answers
        for (long read = 1; read <= 50; read++) {
            assertThat(a.engine.readIndex(read)).isNull();
            h.process(a);
            h.deliverAll();
        }
        long appendsToB = h.sent.stream()
                .filter(m -> m instanceof Message.AppendRequest && m.to().equals("b")).count();
        assertThat(appendsToB).as("at most one probe per heartbeat interval, not one per read").isLessThanOrEqualTo(1);
    }
}
