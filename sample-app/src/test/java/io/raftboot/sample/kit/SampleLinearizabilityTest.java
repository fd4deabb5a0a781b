package io.raftboot.sample.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.sample.SampleApplication;
import io.raftboot.test.ClientLoad;
import io.raftboot.test.ClusterMember;
import io.raftboot.test.EmbeddedRaftCluster;
import io.raftboot.test.RaftCluster;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.history.Operation;
import io.raftboot.test.lin.Linearizability;
import io.raftboot.test.lin.Models;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sample application as three application contexts in one JVM, on the test kit: concurrent
 * clients on string keys (SET of unique values, GET, INCR, DEL) while the leader is cut off and
 * then a member is killed and restarted; the history must be linearizable against the kit's
 * keyspace model.
 */
@EmbeddedRaftCluster(members = 3, application = SampleApplication.class,
        properties = {"server.address=127.0.0.1", "logging.level.root=WARN"})
class SampleLinearizabilityTest {

    @Test
    void stringCommandsAreLinearizableUnderAPartitionAndAKill(RaftCluster cluster) {
        HistoryRecorder history = new HistoryRecorder();
        try (ClientLoad load = ClientLoad.start(cluster, history, 3, (client, random) -> {
            String key = "k" + random.nextInt(3);
            switch (random.nextInt(6)) {
                case 0, 1 -> client.call("GET", key);
                case 2 -> client.call("SET", key, key + "-" + random.nextLong());
                case 3 -> client.call("DEL", key);
                default -> client.call("INCR", "c" + random.nextInt(2));
            }
        })) {
            load.awaitAcknowledged(40);
            ClusterMember leader = cluster.leader();
            cluster.isolate(leader);
            load.awaitAcknowledged(40);
            cluster.heal();
            ClusterMember victim = cluster.others(cluster.leader()).get(0);
            cluster.kill(victim);
            load.awaitAcknowledged(40);
            cluster.restart(victim);
            load.awaitAcknowledged(40);
        }
        List<Operation> operations = history.history();
        assertThat(operations).filteredOn(Operation::observed).hasSizeGreaterThanOrEqualTo(160);
        Linearizability.assertLinearizable(operations, Models.keyspace());
    }
}
