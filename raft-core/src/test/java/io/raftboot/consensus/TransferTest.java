package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leadership transfer. */
class TransferTest {
    private static final ProposalResult.Rejected TRANSFERRING =
            new ProposalResult.Rejected(ProposalResult.Reason.TRANSFERRING, "a");

    @Test
    void caughtUpTargetIsToldToCampaignAndWinsThroughStickiness() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        assertThat(a.engine.transferLeadership("b")).isNull();
        assertThat(a.status().transferTarget()).isEqualTo("b");
        assertThat(a.engine.propose(List.of(new byte[1]))).isEqualTo(TRANSFERRING);
        assertThat(a.engine.readIndex(1)).isEqualTo(TRANSFERRING);
        h.process(a);
        assertThat(h.queue).contains(new Message.TimeoutNow("a", "b", 1));
        assertThat(a.leaseRounds).last().isEqualTo(-1L);
        h.deliverAll();
        assertThat(h.node("b").role()).isEqualTo(Role.LEADER);
        assertThat(h.node("b").term()).isEqualTo(2);
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.sent).filteredOn(m -> m instanceof Message.VoteRequest v && v.from().equals("b"))
                .allMatch(m -> ((Message.VoteRequest) m).transfer() && !((Message.VoteRequest) m).preVote());
    }

    @Test
    void laggingTargetIsCaughtUpBeforeTimeoutNow() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        h.propose("a", "x", "y");
        h.deliverAll();
        h.heal();
        assertThat(a.engine.transferLeadership("b")).isNull();
        h.process(a);
        assertThat(h.queue).noneMatch(m -> m instanceof Message.TimeoutNow);
        h.deliverAll();
        // b lost the pipelined append while isolated; heartbeats reveal the gap and it is resent.
        for (int i = 0; i < 5 && h.node("b").role() != Role.LEADER; i++) {
            h.heartbeat("a");
        }
        int timeoutNowAt = indexOf(h.sent, m -> m instanceof Message.TimeoutNow);
        int caughtUpAt = indexOf(h.sent, m -> m instanceof Message.AppendResponse r && r.from().equals("b") && r.success() && r.index() == 3);
        assertThat(caughtUpAt).isNotNegative().isLessThan(timeoutNowAt);
        assertThat(h.node("b").role()).isEqualTo(Role.LEADER);
        assertThat(Harness.commands(h.node("b").log.entries(1, 4, Long.MAX_VALUE))).containsExactly("x", "y");
    }

    private static int indexOf(List<Message> messages, java.util.function.Predicate<Message> p) {
        for (int i = 0; i < messages.size(); i++) {
            if (p.test(messages.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void transferIsAbortedAfterAnElectionTimeoutAndTheLeaderResumes() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        assertThat(a.engine.transferLeadership("b")).isNull();
        h.process(a);
        for (int i = 0; i < Harness.ELECTION; i++) {
            h.heartbeat("a");
        }
        assertThat(a.role()).isEqualTo(Role.LEADER);
        assertThat(a.status().transferTarget()).isNull();
        assertThat(a.engine.propose(List.of("after".getBytes()))).isInstanceOf(ProposalResult.Accepted.class);
    }

    @Test
    void leaseEndsWhenTimeoutNowIsSentAndOnlyRoundsAfterAnAbortRenewIt() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        // TimeoutNow reaches b, but b's campaign is lost, so the transfer is aborted later.
        h.dropWhen(m -> m instanceof Message.VoteRequest);
        assertThat(a.engine.transferLeadership("b")).isNull();
        h.process(a);
        assertThat(a.leaseRounds).last().isEqualTo(-1L);
        int before = a.leaseRounds.size();
        h.isolate("b");
        for (int i = 0; i < Harness.ELECTION - 1; i++) {
            h.heartbeat("a");
        }
        assertThat(a.leaseRounds).hasSize(before); // rounds during the transfer renew nothing
        h.heartbeat("a");
        assertThat(a.status().transferTarget()).isNull();
        h.heartbeat("a");
        assertThat(a.leaseRounds.size()).isGreaterThan(before);
    }

    @Test
    void nullTargetPicksTheMostCaughtUpVoter() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        h.propose("a", "x");
        h.deliverAll();
        assertThat(a.engine.transferLeadership(null)).isNull();
        assertThat(a.status().transferTarget()).isEqualTo("c");
    }

    @Test
    void transferToSelfOrALearnerIsInvalid() {
        Configuration cfg = new Configuration(List.of(new Member("a", "a:1", true), new Member("b", "b:1", true),
                new Member("l", "l:1", false)));
        Harness h = new Harness(Harness.config("x"));
        for (String id : List.of("a", "b", "l")) {
            h.add(id, MemoryLog.bootstrap(cfg));
        }
        Node a = h.elect("a");
        ProposalResult.Rejected invalid = new ProposalResult.Rejected(ProposalResult.Reason.INVALID_CHANGE, "a");
        assertThat(a.engine.transferLeadership("a")).isEqualTo(invalid);
        assertThat(a.engine.transferLeadership("l")).isEqualTo(invalid);
        assertThat(h.node("b").engine.transferLeadership("b"))
                .isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.NOT_LEADER, "a"));
    }
}
