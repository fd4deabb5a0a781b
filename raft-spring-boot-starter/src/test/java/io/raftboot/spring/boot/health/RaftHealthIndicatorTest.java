package io.raftboot.spring.boot.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.support.FakeRaftNode;

class RaftHealthIndicatorTest {

    private static final Duration ELECTION_TIMEOUT = Duration.ofMillis(1000);

    private final FakeRaftNode node = new FakeRaftNode();
    private final RaftHealthIndicator indicator = new RaftHealthIndicator(node, ELECTION_TIMEOUT);

    @Test
    void aLeaderHearingAQuorumIsUp() {
        node.setStatus(status("n1", NodeRole.LEADER, "n1", 10, 10,
                voter("n1", 0), voter("n2", 900), voter("n3", -1)));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("role", "Leader").containsEntry("term", 4L)
                .containsEntry("leaderId", "n1").containsEntry("leaderAddress", "127.0.0.1:7001");
    }

    @Test
    void aNewLeaderIsNotReadyBeforeAnEntryOfItsTermCommitted() {
        NodeStatus elected = status("n1", NodeRole.LEADER, "n1", 10, 10, voter("n1", 0), voter("n2", 10));
        node.setStatus(new NodeStatus(elected.id(), elected.clusterId(), elected.role(), elected.term(),
                elected.leaderId(), elected.leaderAddress(), elected.commitIndex(), elected.appliedIndex(),
                elected.lastLogIndex(), elected.lastLogTerm(), elected.lastSnapshotIndex(), elected.lastSnapshotTerm(),
                elected.durability(), elected.consistency(), elected.members(), false));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "new leader has not committed an entry of its term yet");
    }

    @Test
    void aLeaderCutOffFromItsQuorumIsDown() {
        node.setStatus(status("n1", NodeRole.LEADER, "n1", 10, 10,
                voter("n1", 0), voter("n2", 1500), voter("n3", -1), learner("n4", 0)));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("role", "Leader")
                .containsEntry("reason", "leader has not heard from a quorum within the election timeout");
    }

    @Test
    void learnersDoNotCountTowardTheLeadersQuorum() {
        node.setStatus(status("n1", NodeRole.LEADER, "n1", 10, 10,
                voter("n1", 0), voter("n2", -1), voter("n3", -1), learner("n4", 0), learner("n5", 0)));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aCaughtUpFollowerIsUp() {
        node.setStatus(status("n2", NodeRole.FOLLOWER, "n1", 5000, 5000 - RaftHealthIndicator.APPLY_LAG_TOLERANCE,
                voter("n1", 50), voter("n2", 0), voter("n3", -1)));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aFollowerWithoutALeaderIsDownWithRoleAndTerm() {
        node.setStatus(status("n2", NodeRole.CANDIDATE, null, 10, 10, voter("n1", -1), voter("n2", 0)));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("role", "Candidate").containsEntry("term", 4L)
                .containsEntry("reason", "no leader known").doesNotContainKey("leaderId");
    }

    @Test
    void aFollowerFarBehindIsDown() {
        node.setStatus(status("n2", NodeRole.FOLLOWER, "n1", 5000, 5000 - RaftHealthIndicator.APPLY_LAG_TOLERANCE - 1,
                voter("n1", 50), voter("n2", 0)));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("reason", "1025 committed entries not applied yet");
    }

    @Test
    void aFollowerThatLostTheLeaderIsDown() {
        node.setStatus(status("n2", NodeRole.FOLLOWER, "n1", 10, 10, voter("n1", 2500), voter("n2", 0)));
        assertThat(indicator.health().getDetails()).containsEntry("reason", "not heard from the leader for 2500ms");
    }

    @Test
    void aShutDownNodeIsDown() {
        node.setStatus(status("n2", NodeRole.SHUTDOWN, "n1", 10, 10, voter("n2", 0)));
        assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void aNodeThatIsNotRunningIsDown() {
        RaftNode stopped = new FakeRaftNode() {
            @Override
            public NodeStatus status() {
                throw new IllegalStateException("The Raft node is not running");
            }
        };
        Health health = new RaftHealthIndicator(stopped, ELECTION_TIMEOUT).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("role", "Shutdown")
                .containsEntry("reason", "The Raft node is not running");
    }

    private static NodeStatus status(String id, NodeRole role, String leader, long commit, long applied,
                                     MemberStatus... members) {
        return new NodeStatus(id, "c", role, 4, leader, leader == null ? null : "127.0.0.1:7001", commit, applied,
                commit, 4, 0, 0, Durability.HIGH, Consistency.HIGH, List.of(members));
    }

    private static MemberStatus voter(String id, long lastContact) {
        return new MemberStatus(id, "127.0.0.1:700" + id.charAt(1), true, 10, lastContact, "Follower");
    }

    private static MemberStatus learner(String id, long lastContact) {
        return new MemberStatus(id, "127.0.0.1:700" + id.charAt(1), false, 10, lastContact, "Learner");
    }
}
