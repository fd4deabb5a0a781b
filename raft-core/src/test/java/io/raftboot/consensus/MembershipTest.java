package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Single-server membership changes, learners and promotion. */
class MembershipTest {
    private static final ProposalResult.Rejected IN_PROGRESS =
            new ProposalResult.Rejected(ProposalResult.Reason.CHANGE_IN_PROGRESS, "a");

    private static Member member(String id, boolean voter) {
        return new Member(id, id + ":1", voter);
    }

    @Test
    void noChangeBeforeAnEntryOfTheLeadersTermCommitted() {
        Harness h = Harness.voters("a", "b", "c");
        h.dropWhen(m -> m instanceof Message.AppendRequest);
        Node a = h.elect("a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.Remove("c"))).isEqualTo(IN_PROGRESS);
        h.heal();
        h.heartbeat("a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.Remove("c"))).isInstanceOf(ProposalResult.Accepted.class);
    }

    @Test
    void oneChangeAtATime() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        h.isolate("c");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("d", false), false)))
                .isInstanceOf(ProposalResult.Accepted.class);
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("e", false), false))).isEqualTo(IN_PROGRESS);
        h.process(a);
        h.heal();
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("e", false), false)))
                .isInstanceOf(ProposalResult.Accepted.class);
    }

    @Test
    void invalidChangesAreRefused() {
        Harness h = Harness.voters("a", "b");
        Node a = h.elect("a");
        h.heartbeat("a");
        ProposalResult.Rejected invalid = new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, "a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("b", false), false))).isEqualTo(invalid);
        assertThat(a.engine.proposeConfigChange(new ConfigChange.Promote("b"))).isEqualTo(invalid);
        assertThat(a.engine.proposeConfigChange(new ConfigChange.Remove("zz"))).isEqualTo(invalid);
        assertThat(h.node("b").engine.proposeConfigChange(new ConfigChange.Remove("a")))
                .isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.NOT_LEADER, "a"));
    }

    @Test
    void configurationTakesEffectWhenAppendedAndRevertsWhenTruncated() {
        Configuration abc = Harness.configuration("a", "b", "c");
        MemoryLog log = MemoryLog.bootstrap(abc);
        log.append(List.of(Entry.noop(1, 1)));
        RaftEngine b = RaftEngine.open(Harness.config("b"), log, new HardState(1, null, new CommitHint(1, 1)), new SplittableRandom(1));
        Configuration ab = abc.without("c");
        Entry change = new Entry(2, 1, EntryType.CONFIGURATION, ConfigurationCodec.encode(ab));
        b.step(new Message.AppendRequest("a", "b", 1, 1, 1, List.of(change), 1));
        assertThat(b.status().configuration()).isEqualTo(ab);
        assertThat(b.status().commitIndex()).isEqualTo(1);
        b.step(new Message.AppendRequest("c", "b", 2, 1, 1, List.of(Entry.noop(2, 2)), 1));
        assertThat(b.status().configuration()).isEqualTo(abc);
        // Reopening finds the newest configuration entry in the log.
        MemoryLog reopened = MemoryLog.bootstrap(abc);
        reopened.append(List.of(Entry.noop(1, 1), change));
        assertThat(RaftEngine.open(Harness.config("b"), reopened, null, new SplittableRandom(1)).status().configuration())
                .isEqualTo(ab);
    }

    @Test
    void learnersNeverCountTowardCommit() {
        Configuration cfg = new Configuration(List.of(member("a", true), member("b", true), member("l", false),
                member("m", false)));
        Harness h = new Harness(Harness.config("x"));
        for (String id : List.of("a", "b", "l", "m")) {
            h.add(id, MemoryLog.bootstrap(cfg));
        }
        Node a = h.elect("a");
        h.heartbeat("a");
        long commit = a.commit();
        h.isolate("b");
        h.propose("a", "x");
        h.deliverAll();
        assertThat(h.node("l").log.lastIndex()).isEqualTo(commit + 1);
        assertThat(h.node("m").log.lastIndex()).isEqualTo(commit + 1);
        assertThat(a.commit()).isEqualTo(commit);
        // Nor toward check-quorum: with only learners answering, the leader steps down.
        for (int i = 0; i < 2 * Harness.ELECTION; i++) {
            h.heartbeat("a");
        }
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
    }

    @Test
    void learnerAddedWithPromotionIsPromotedByTheLeaderOnceCaughtUp() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        for (int i = 0; i < 5; i++) {
            h.propose("a", "v" + i);
        }
        h.heartbeat("a");
        Node d = h.add("d", new MemoryLog(SnapshotMeta.NONE));
        assertThat(a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("d", true), true)))
                .isInstanceOf(ProposalResult.Accepted.class);
        h.process(a);
        h.deliverAll();
        for (int i = 0; i < 3; i++) {
            h.heartbeat("a");
        }
        for (Node n : h.nodes.values()) {
            assertThat(n.status().configuration().isVoter("d")).as(n.id).isTrue();
        }
        assertThat(Harness.commands(d.applied)).containsExactly("v0", "v1", "v2", "v3", "v4");
        // d now counts: four voters need three, and a, b, d are enough without c.
        h.isolate("c");
        h.propose("a", "w");
        h.deliverAll();
        h.heartbeat("a");
        assertThat(Harness.commands(a.applied)).endsWith("w");
    }

    @Test
    void aLearnerAddedUnderAnEarlierLeaderIsPromotedOnceTheNewLeaderIsAskedTo() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.add("d", new MemoryLog(SnapshotMeta.NONE));
        h.isolate("d");
        a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("d", true), true));
        h.process(a);
        h.deliverAll();
        h.heartbeat("a");
        assertThat(h.node("b").status().configuration().contains("d")).isTrue();
        assertThat(a.engine.transferLeadership("b")).isNull();
        h.process(a);
        h.deliverAll();
        Node b = h.node("b");
        assertThat(b.role()).isEqualTo(Role.LEADER);
        h.heal();
        for (int i = 0; i < 3 * Harness.ELECTION; i++) {
            h.heartbeat("b");
        }
        assertThat(b.status().configuration().isVoter("d")).as("the new leader knows nothing of the catch-up").isFalse();

        assertThat(b.engine.promoteWhenCaughtUp("d")).isNull();
        for (int i = 0; i < 3; i++) {
            h.heartbeat("b");
        }
        assertThat(b.status().configuration().isVoter("d")).isTrue();
        assertThat(b.engine.promoteWhenCaughtUp("d")).as("no longer a learner")
                .isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, "b"));
        assertThat(h.node("c").engine.promoteWhenCaughtUp("d").reason()).isEqualTo(ProposalResult.Reason.NOT_LEADER);
    }

    @Test
    void learnerThatNeverCatchesUpIsNotPromoted() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.add("d", new MemoryLog(SnapshotMeta.NONE));
        h.isolate("d");
        a.engine.proposeConfigChange(new ConfigChange.AddLearner(member("d", true), true));
        h.process(a);
        for (int i = 0; i < 5 * Harness.ELECTION; i++) {
            h.heartbeat("a");
        }
        assertThat(a.status().configuration().isVoter("d")).isFalse();
        assertThat(a.status().configuration().contains("d")).isTrue();
    }

    @Test
    void leaderRemovedByItsOwnChangeStepsDownOnceItCommitsAndNeverCampaigns() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        assertThat(a.engine.proposeConfigChange(new ConfigChange.Remove("a"))).isInstanceOf(ProposalResult.Accepted.class);
        h.process(a);
        // Appended: a no longer counts itself. b alone is not a quorum of {b, c}.
        h.isolate("c");
        h.deliverAll();
        assertThat(a.role()).isEqualTo(Role.LEADER);
        assertThat(a.status().configuration().contains("a")).isFalse();
        long configIndex = a.status().lastIndex();
        assertThat(a.commit()).isLessThan(configIndex);
        h.heal();
        h.heartbeat("a");
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.node("b").commit()).isEqualTo(configIndex);
        for (int i = 0; i < 5 * Harness.ELECTION; i++) {
            h.tickAll();
            h.deliverAll();
        }
        assertThat(h.sent).noneMatch(m -> m instanceof Message.VoteRequest && m.from().equals("a") && m.term() > 1);
        assertThat(List.of(h.node("b").role(), h.node("c").role())).contains(Role.LEADER);
    }

    @Test
    void removedMemberStopsCampaigningAndDoesNotDisruptTheRest() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        a.engine.proposeConfigChange(new ConfigChange.Remove("c"));
        h.process(a);
        h.deliverAll();
        h.heartbeat("a");
        assertThat(h.node("c").status().configuration().contains("c")).isFalse();
        int sentBefore = h.sent.size();
        for (int i = 0; i < 5 * Harness.ELECTION; i++) {
            h.tickAll();
            h.deliverAll();
        }
        assertThat(h.sent.subList(sentBefore, h.sent.size())).noneMatch(m -> m.from().equals("c"));
        assertThat(a.role()).isEqualTo(Role.LEADER);
        assertThat(a.term()).isEqualTo(1);
    }
}
