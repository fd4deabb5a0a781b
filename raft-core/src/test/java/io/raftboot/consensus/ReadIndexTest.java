package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.consensus.Harness.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ReadIndex and lease rounds. */
class ReadIndexTest {

    @Test
    void noReadIsReleasedBeforeAnEntryOfTheLeadersTermCommits() {
        Harness h = Harness.voters("a", "b", "c");
        // Nobody hears the new leader's no-op, so nothing of its term can commit.
        h.dropWhen(m -> m instanceof Message.AppendRequest);
        Node a = h.elect("a");
        assertThat(a.engine.readIndex(7)).isNull();
        h.process(a);
        for (int i = 0; i < 3; i++) {
            h.heartbeat("a");
        }
        assertThat(a.reads).isEmpty();
        assertThat(a.leaseRounds).isEmpty();
        h.heal();
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(a.commit()).isEqualTo(1);
        assertThat(a.reads).containsExactly(new ReadState(7, 1));
    }

    @Test
    void readWaitsForAQuorumRoundStartedAfterItArrived() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.propose("a", "x");
        h.deliverAll();
        // A heartbeat round is in flight before the read arrives; its acks do not confirm the read.
        h.tick("a");
        List<Message> oldRound = h.take(m -> m instanceof Message.Heartbeat);
        assertThat(a.engine.readIndex(1)).isNull();
        h.process(a);
        List<Message> newRound = h.take(m -> m instanceof Message.Heartbeat);
        assertThat(newRound).isEmpty(); // a round is already in flight: the read waits for the next
        oldRound.forEach(h::deliver);
        h.take(m -> m instanceof Message.HeartbeatResponse).forEach(h::deliver);
        assertThat(a.reads).isEmpty();
        // The read's own round went out once the in-flight round completed; it confirms the read.
        long oldRoundNumber = ((Message.Heartbeat) oldRound.get(0)).round();
        assertThat(h.queue).filteredOn(m -> m instanceof Message.Heartbeat hb && hb.round() > oldRoundNumber).hasSize(2);
        h.deliverAll();
        assertThat(a.reads).containsExactly(new ReadState(1, 2));
    }

    @Test
    void readIsReleasedWithTheCommitIndexRecordedOnArrivalAfterItsRound() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.propose("a", "x");
        h.deliverAll();
        assertThat(a.commit()).isEqualTo(2);
        assertThat(a.engine.readIndex(1)).isNull();
        h.process(a);
        // A round starts at once (no tick needed); a write arriving after the read does not raise its index.
        h.propose("a", "y");
        h.deliverAll();
        assertThat(a.reads).containsExactly(new ReadState(1, 2));
    }

    @Test
    void readsWaitingForTheSameRoundShareIt() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.tick("a"); // round R in flight
        a.engine.readIndex(1);
        a.engine.readIndex(2);
        a.engine.readIndex(3);
        h.process(a);
        long heartbeatsBefore = h.sent.stream().filter(m -> m instanceof Message.Heartbeat).count();
        h.deliverAll();
        long heartbeats = h.sent.stream().filter(m -> m instanceof Message.Heartbeat).count() - heartbeatsBefore;
        assertThat(heartbeats).isEqualTo(2); // one more round, to both followers, for all three reads
        assertThat(a.reads).extracting(ReadState::requestId).containsExactly(1L, 2L, 3L);
    }

    @Test
    void quorumMustConfirmTheRound() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("b");
        h.isolate("c");
        a.engine.readIndex(1);
        h.process(a);
        h.deliverAll();
        h.heartbeat("a");
        assertThat(a.reads).isEmpty();
        h.heal();
        h.isolate("c");
        h.heartbeat("a");
        assertThat(a.reads).containsExactly(new ReadState(1, 1));
    }

    @Test
    void singleVoterReleasesReadsAtOnce() {
        Harness h = Harness.voters("a");
        Node a = h.elect("a");
        assertThat(a.engine.readIndex(5)).isNull();
        h.process(a);
        assertThat(a.reads).containsExactly(new ReadState(5, 1));
    }

    @Test
    void pendingReadsAreAbortedWhenLeadershipIsLost() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.isolate("a");
        a.engine.readIndex(9);
        h.process(a);
        a.engine.step(new Message.AppendResponse("b", "a", 5, false, 0, 0, 0));
        h.process(a);
        assertThat(a.role()).isEqualTo(Role.FOLLOWER);
        assertThat(a.abortedReads).containsExactly(9L);
        assertThat(a.reads).isEmpty();
        assertThat(a.leaseRounds).last().isEqualTo(-1L);
    }

    @Test
    void followerRefusesReadIndexNamingTheLeader() {
        Harness h = Harness.voters("a", "b", "c");
        h.elect("a");
        assertThat(h.node("b").engine.readIndex(1))
                .isEqualTo(new ProposalResult.Rejected(ProposalResult.Reason.NOT_LEADER, "a"));
    }

    @Test
    void leaseRoundIsTheNewestRoundAQuorumAcknowledged() {
        Harness h = Harness.voters("a", "b", "c");
        Node a = h.elect("a");
        h.heartbeat("a");
        h.heartbeat("a");
        assertThat(a.leaseRounds).isNotEmpty().isSorted().doesNotHaveDuplicates();
        long newest = a.leaseRounds.get(a.leaseRounds.size() - 1);
        long sentNewest = h.sent.stream().filter(m -> m instanceof Message.Heartbeat).mapToLong(m -> ((Message.Heartbeat) m).round()).max().orElseThrow();
        assertThat(newest).isEqualTo(sentNewest);
        // A round only one follower... of three voters still has a quorum with the leader: b acks it.
        h.isolate("c");
        h.heartbeat("a");
        assertThat(a.leaseRounds.get(a.leaseRounds.size() - 1)).isEqualTo(newest + 1);
        // No voter acknowledges: the lease does not advance.
        h.isolate("b");
        h.heartbeat("a");
        assertThat(a.leaseRounds.get(a.leaseRounds.size() - 1)).isEqualTo(newest + 1);
    }

    @Test
    void learnerAcknowledgementsDoNotConfirmReadsOrLeases() {
        Configuration cfg = new Configuration(List.of(new Member("a", "a:1", true), new Member("b", "b:1", true),
                new Member("c", "c:1", true), new Member("l", "l:1", false)));
        Harness h = new Harness(Harness.config("x"));
        for (String id : List.of("a", "b", "c", "l")) {
            h.add(id, MemoryLog.bootstrap(cfg));
        }
        Node a = h.elect("a");
        h.heartbeat("a");
        int leases = a.leaseRounds.size();
        h.isolate("b");
        h.isolate("c");
        a.engine.readIndex(1);
        h.process(a);
        h.deliverAll();
        h.heartbeat("a");
        assertThat(a.reads).isEmpty();
        assertThat(a.leaseRounds).hasSize(leases);
    }
}
