package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Terms, votes, pre-vote, stickiness and check-quorum. */
class ElectionTest {

    @Test
    void singleVoterElectsItselfAndCommitsItsNoop() {
        Harness h = Harness.voters("a");
        Node a = h.elect("a");
        assertThat(a.term()).isEqualTo(1);
        assertThat(a.commit()).isEqualTo(1);
        assertThat(a.applied).extracting(Entry::type).containsExactly(EntryType.NOOP);
        h.propose("a", "x");
        assertThat(Harness.commands(a.applied)).containsExactly("x");
    }

    @Test
    void aSoleVoterCampaignsOnItsFirstTickAndAfterARestart() {
        Harness h = Harness.voters("a");
        h.tick("a");
        assertThat(h.node("a").role()).isEqualTo(Role.LEADER);
        Node a = h.restart("a");
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        h.tick("a");
        assertThat(a.role()).isEqualTo(Role.LEADER);
        assertThat(a.term()).isEqualTo(2);
    }

    @Test
    void aVoterOfThreeWaitsAnElectionTimeoutBeforeCampaigning() {
        Harness h = Harness.voters("a", "b", "c");
        for (int i = 1; i < Harness.ELECTION; i++) {
            h.tick("a");
        }
        assertThat(h.node("a").role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.node("a").term()).isZero();
    }

    @Test
    void threeVotersElectOneLeaderAndFollowersLearnIt() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        for (String id : List.of("b", "c")) {
            assertThat(h.node(id).status().leaderId()).isEqualTo("a");
            assertThat(h.node(id).term()).isEqualTo(a.term());
            assertThat(h.node(id).commit()).isEqualTo(1);
        }
    }

    @Test
    void voteAndVoteRequestLeaveOnlyAfterTermAndVoteArePersisted() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.node("a");
        for (int i = 0; i < 2 * Harness.ELECTION && a.role() == Role.FOLLOWER; i++) {
            h.tick("a");
        }
        h.deliverAll();
        Ready campaign = a.readies.stream().filter(r -> r.hardState() != null).findFirst().orElseThrow();
        assertThat(campaign.hardState().term()).isEqualTo(1);
        assertThat(campaign.hardState().votedFor()).isEqualTo("a");
        assertThat(campaign.messages()).noneMatch(m -> m instanceof Message.VoteRequest);
        assertThat(campaign.messagesAfterPersist()).anyMatch(m -> m instanceof Message.VoteRequest v && !v.preVote());
        Ready vote = h.node("b").readies.stream()
                .filter(r -> r.messagesAfterPersist().stream().anyMatch(m -> m instanceof Message.VoteResponse v
                        && !v.preVote() && v.granted()))
                .findFirst().orElseThrow();
        assertThat(vote.hardState()).isEqualTo(new HardState(1, "a"));
        assertThat(vote.messages()).isEmpty();
    }

    @Test
    void restartRemembersTermAndVote() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        Node b = h.restart("b", Harness.config("b"));
        assertThat(b.term()).isEqualTo(1);
        assertThat(b.status().votedFor()).isEqualTo("a");
        // A same-term candidate other than the one it voted for gets no vote.
        b.engine.step(new Message.VoteRequest("c", "b", 1, 5, 1, false, false));
        Ready r = b.engine.ready();
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.VoteResponse("b", "c", 1, false, false));
    }

    @Test
    void voteComparesLastTermBeforeLastIndex() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.propose("a", "x", "y");
        h.heartbeat("a");
        Node b = h.node("b");
        // b's log: [noop@1, x@1, y@1]; candidate with a longer log of an older term loses.
        b.engine.step(new Message.VoteRequest("c", "b", 5, 10, 0, false, true));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 5, false, false));
        // Same last term, shorter log: loses.
        b.engine.step(new Message.VoteRequest("c", "b", 6, 2, 1, false, true));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 6, false, false));
        // Newer last term with a shorter log wins.
        b.engine.step(new Message.VoteRequest("c", "b", 7, 1, 2, false, true));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 7, true, false));
    }

    @Test
    void preVoteNeverChangesTermOrVote() {
        Harness h = Harness.voters("a", "b", "c");
        h.isolate("a");
        Node a = h.node("a");
        for (int i = 0; i < 10 * Harness.ELECTION; i++) {
            h.tick("a");
        }
        h.deliverAll();
        assertThat(a.role()).isEqualTo(Role.PRE_CANDIDATE);
        assertThat(a.term()).isZero();
        assertThat(a.readies).allMatch(r -> r.hardState() == null);
        // A node granting a pre-vote keeps its own term and vote.
        Node b = h.node("b");
        b.engine.step(new Message.VoteRequest("c", "b", 1, 0, 0, true, false));
        Ready r = b.engine.ready();
        assertThat(r.hardState()).isNull();
        assertThat(r.messagesAfterPersist()).containsExactly(new Message.VoteResponse("b", "c", 1, true, true));
        assertThat(b.term()).isZero();
    }

    @Test
    void rejectedPreVoteWithHigherTermMakesPreCandidateFollowerOfThatTerm() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.node("a");
        for (int i = 0; i < 2 * Harness.ELECTION && a.role() == Role.FOLLOWER; i++) {
            a.engine.tick();
        }
        assertThat(a.role()).isEqualTo(Role.PRE_CANDIDATE);
        a.engine.ready();
        a.engine.step(new Message.VoteResponse("b", "a", 7, false, true));
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(a.term()).isEqualTo(7);
    }

    @Test
    void leaderStickinessIgnoresDisruptiveVoteRequestsButNotTransfers() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        Node b = h.node("b");
        b.engine.step(new Message.VoteRequest("c", "b", 9, 100, 9, false, false));
        Ready ignored = b.engine.ready();
        assertThat(ignored.messagesAfterPersist()).isEmpty();
        assertThat(b.term()).isEqualTo(1);
        b.engine.step(new Message.VoteRequest("c", "b", 9, 100, 9, true, false));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 1, false, true));
        b.engine.step(new Message.VoteRequest("c", "b", 9, 100, 9, false, true));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 9, true, false));
        assertThat(b.term()).isEqualTo(9);
    }

    @Test
    void restartedMemberHelpsElectNobodyDuringItsFirstElectionTimeout() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.heartbeat("a");
        // b acknowledged a's heartbeat (a lease round) and restarts at once, forgetting a.
        Node b = h.restart("b", Harness.config("b"));
        b.engine.step(new Message.VoteRequest("c", "b", 2, 100, 1, true, false));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 1, false, true));
        b.engine.step(new Message.VoteRequest("c", "b", 2, 100, 1, false, false));
        assertThat(b.engine.ready().messagesAfterPersist()).isEmpty();
        assertThat(b.term()).isEqualTo(1);
        for (int i = 0; i < Harness.ELECTION; i++) {
            b.engine.tick();
        }
        b.engine.ready();
        b.engine.step(new Message.VoteRequest("c", "b", 2, 100, 1, true, false));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 2, true, true));
    }

    @Test
    void preVoteGrantedOnlyAfterLeaderSilentForAnElectionTimeout() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        Node b = h.node("b");
        for (int i = 0; i < Harness.ELECTION - 1; i++) {
            b.engine.tick();
        }
        b.engine.ready();
        b.engine.step(new Message.VoteRequest("c", "b", 2, 1, 1, true, false));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 1, false, true));
        b.engine.tick();
        b.engine.ready();
        b.engine.step(new Message.VoteRequest("c", "b", 2, 1, 1, true, false));
        assertThat(b.engine.ready().messagesAfterPersist())
                .containsExactly(new Message.VoteResponse("b", "c", 2, true, true));
    }

    @Test
    void lowerTermTrafficIsAnsweredWithTheCurrentTerm() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        Node b = h.node("b");
        b.engine.step(new Message.VoteRequest("x", "b", 9, 1, 1, false, true));
        b.engine.ready();
        b.engine.step(new Message.AppendRequest("a", "b", 1, 1, 1, List.of(), 1));
        b.engine.step(new Message.Heartbeat("a", "b", 1, 1, 3));
        b.engine.step(new Message.VoteRequest("c", "b", 2, 1, 1, true, false));
        b.engine.step(new Message.InstallSnapshot("a", "b", 1, new SnapshotMeta(1, 1, Harness.configuration("a", "b", "c"))));
        List<Message> out = b.engine.ready().messagesAfterPersist();
        assertThat(out).hasSize(4).allMatch(m -> m.term() == 9);
        assertThat(out.get(0)).isInstanceOf(Message.AppendResponse.class);
        assertThat(out.get(1)).isEqualTo(new Message.HeartbeatResponse("b", "a", 9, 3));
        assertThat(out.get(2)).isEqualTo(new Message.VoteResponse("b", "c", 9, false, true));
        assertThat(out.get(3)).isInstanceOf(Message.InstallSnapshotResponse.class);
        // The stale leader steps down when the answer reaches it.
        Node a = h.node("a");
        a.engine.step(out.get(0));
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(a.term()).isEqualTo(9);
    }

    @Test
    void electionTimerIsResetByGrantingButNotByRejecting() {
        RaftConfig cfg = Harness.config("b");
        MemoryLog log = MemoryLog.bootstrap(Harness.configuration("a", "b", "c"));
        log.append(List.of(new Entry(1, 1, EntryType.NOOP, null)));
        RaftEngine b = RaftEngine.open(cfg, log, new HardState(1, null), new SplittableRandom(1));
        int untilCampaign = ticksUntilPreVote(RaftEngine.open(cfg, log, new HardState(1, null), new SplittableRandom(1)));
        // Reject a stale candidate every tick: b still campaigns on schedule.
        for (int i = 0; i < untilCampaign - 1; i++) {
            b.tick();
            b.step(new Message.VoteRequest("c", "b", 1, 0, 0, false, false));
            b.ready();
        }
        assertThat(b.status().role()).isEqualTo(Role.FOLLOWER);
        b.tick();
        assertThat(b.status().role()).isEqualTo(Role.PRE_CANDIDATE);
        // Granting a vote resets it.
        RaftEngine b2 = RaftEngine.open(cfg, log, new HardState(1, null), new SplittableRandom(1));
        for (int i = 0; i < untilCampaign - 1; i++) {
            b2.tick();
        }
        b2.step(new Message.VoteRequest("c", "b", 2, 1, 1, false, false));
        assertThat(b2.ready().messagesAfterPersist()).containsExactly(new Message.VoteResponse("b", "c", 2, true, false));
        for (int i = 0; i < Harness.ELECTION - 1; i++) {
            b2.tick();
        }
        assertThat(b2.status().role()).isEqualTo(Role.FOLLOWER);
    }

    private static int ticksUntilPreVote(RaftEngine e) {
        int ticks = 0;
        while (e.status().role() == Role.FOLLOWER) {
            e.tick();
            ticks++;
        }
        assertThat(ticks).isBetween(Harness.ELECTION, 2 * Harness.ELECTION - 1);
        return ticks;
    }

    @Test
    void checkQuorumMakesAnIsolatedLeaderStepDown() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.isolate("a");
        for (int i = 0; i < 2 * Harness.ELECTION; i++) {
            h.tick("a");
            h.deliverAll();
        }
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(a.leaseRounds).contains(-1L);
    }

    @Test
    void partitionedNodeRejoinsWithoutDisruptingTheLeader() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        h.isolate("c");
        for (int i = 0; i < 5 * Harness.ELECTION; i++) {
            h.tickAll();
            h.deliverAll();
        }
        assertThat(h.node("c").term()).isEqualTo(1);
        h.heal();
        for (int i = 0; i < 3; i++) {
            h.tickAll();
            h.deliverAll();
        }
        assertThat(h.node("a").role()).isEqualTo(Role.LEADER);
        assertThat(h.node("a").term()).isEqualTo(1);
        assertThat(h.node("c").status().leaderId()).isEqualTo("a");
    }

    @Test
    void learnerNeverCampaigns() {
        Configuration cfg = new Configuration(List.of(new Member("a", "a:1", true), new Member("l", "l:1", false)));
        RaftEngine l = RaftEngine.open(Harness.config("l"), MemoryLog.bootstrap(cfg), null, new SplittableRandom(3));
        for (int i = 0; i < 10 * Harness.ELECTION; i++) {
            l.tick();
        }
        Ready r = l.ready();
        assertThat(r.messagesAfterPersist()).isEmpty();
        assertThat(l.status().role()).isEqualTo(Role.FOLLOWER);
        l.step(new Message.VoteRequest("a", "l", 3, 0, 0, false, false));
        assertThat(l.ready().messagesAfterPersist()).containsExactly(new Message.VoteResponse("l", "a", 3, false, false));
    }
}
