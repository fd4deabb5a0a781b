package io.raftboot.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.api.RaftNode;
import io.raftboot.test.ClientLoad;
import io.raftboot.test.ClusterMember;
import io.raftboot.test.EmbeddedRaftCluster;
import io.raftboot.test.RaftCluster;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.lin.Linearizability;
import io.raftboot.test.lin.Models;
import org.junit.jupiter.api.Test;

/** Each member its own application context of the user's application, under the same faults. */
@EmbeddedRaftCluster(members = 3, application = SpringCounterApplication.class)
class SpringMembersTest {

    @Test
    void membersAreApplicationContextsAndTheirAnnotatedCounterIsLinearizableUnderFaults(RaftCluster cluster) {
        for (ClusterMember member : cluster.members()) {
            assertThat(member.bean(RaftNode.class).id()).isEqualTo(member.id());
            assertThat(member.<Object>stateMachine()).isInstanceOf(SpringCounter.class);
        }
        HistoryRecorder history = new HistoryRecorder();
        try (ClientLoad load = ClientLoad.start(cluster, history, 2, (client, random) -> {
            if (random.nextInt(4) == 0) {
                client.call("GET", "c");
            } else {
                client.call("INCR", "c");
            }
        })) {
            load.awaitAcknowledged(20);
            ClusterMember leader = cluster.leader();
            cluster.isolate(leader);
            load.awaitAcknowledged(20);
            cluster.heal();
            cluster.kill(leader);
            load.awaitAcknowledged(20);
            cluster.restart(leader);
            load.awaitAcknowledged(20);
        }
        Linearizability.assertLinearizable(history.history(), Models.counter());

        cluster.awaitConverged();
        long expected = cluster.leader().<SpringCounter>stateMachine().count("c");
        assertThat(cluster.members()).allSatisfy(m -> assertThat(m.<SpringCounter>stateMachine().count("c")).isEqualTo(expected));
        assertThat(cluster.committedLog()).hasSize((int) expected);
        cluster.assertDeterministic();
    }
}
