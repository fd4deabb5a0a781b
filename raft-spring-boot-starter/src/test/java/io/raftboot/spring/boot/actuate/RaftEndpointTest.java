package io.raftboot.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

import io.raftboot.spring.boot.support.FakeRaftNode;

class RaftEndpointTest {

    private final FakeRaftNode node = new FakeRaftNode();
    private final RaftEndpoint endpoint = new RaftEndpoint(node, Duration.ofSeconds(5));

    @Test
    void describesTheNodeAndEveryMember() {
        RaftEndpoint.RaftDescriptor descriptor = endpoint.raft();
        assertThat(descriptor.nodeId()).isEqualTo("n1");
        assertThat(descriptor.clusterId()).isEqualTo("cluster-1");
        assertThat(descriptor.role()).isEqualTo("Leader");
        assertThat(descriptor.term()).isEqualTo(3);
        assertThat(descriptor.leaderId()).isEqualTo("n1");
        assertThat(descriptor.leaderAddress()).isEqualTo("127.0.0.1:7001");
        assertThat(descriptor.commitIndex()).isEqualTo(42);
        assertThat(descriptor.appliedIndex()).isEqualTo(41);
        assertThat(descriptor.lastLogIndex()).isEqualTo(43);
        assertThat(descriptor.lastSnapshotIndex()).isEqualTo(10);
        assertThat(descriptor.lastSnapshotTerm()).isEqualTo(2);
        assertThat(descriptor.durability()).isEqualTo("high");
        assertThat(descriptor.consistency()).isEqualTo("high");
        assertThat(descriptor.members()).extracting(RaftEndpoint.MemberDescriptor::id).containsExactly("n1", "n2", "n3");
        RaftEndpoint.MemberDescriptor learner = descriptor.members().get(2);
        assertThat(learner.voter()).isFalse();
        assertThat(learner.address()).isEqualTo("127.0.0.1:7003");
        assertThat(learner.matchIndex()).isEqualTo(30);
        assertThat(learner.lastContactMillis()).isEqualTo(10);
    }

    @Test
    void snapshotWaitsForTheNodeAndReportsTheSnapshot() {
        assertThat(endpoint.operate("snapshot", null)).containsEntry("lastSnapshotIndex", 10L)
                .containsEntry("lastSnapshotTerm", 2L);
        assertThat(node.snapshotsTaken()).isEqualTo(1);
    }

    @Test
    void transferLeadershipPassesTheTarget() {
        assertThat(endpoint.operate("transfer-leadership", "n2")).containsEntry("leaderId", "n1");
        assertThat(node.lastTransferTarget()).isEqualTo("n2");
        endpoint.operate("transfer-leadership", null);
        assertThat(node.lastTransferTarget()).isNull();
    }

    @Test
    void aFailedOperationIsABadRequestWithTheReason() {
        node.setTransferResult(CompletableFuture.failedFuture(new IllegalStateException("not the leader")));
        assertThatThrownBy(() -> endpoint.operate("transfer-leadership", "n2"))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessage("transfer-leadership failed: not the leader");
    }

    @Test
    void anOperationThatDoesNotFinishInTimeFails() {
        node.setSnapshotResult(new CompletableFuture<>());
        RaftEndpoint impatient = new RaftEndpoint(node, Duration.ofMillis(50));
        assertThatThrownBy(() -> impatient.operate("snapshot", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not complete within");
    }

    @Test
    void anUnknownOperationIsABadRequest() {
        assertThatThrownBy(() -> endpoint.operate("explode", null))
                .isInstanceOf(InvalidEndpointRequestException.class)
                .hasMessage("Unknown raft operation 'explode'");
    }
}
