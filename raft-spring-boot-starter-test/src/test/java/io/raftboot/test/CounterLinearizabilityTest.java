package io.raftboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.StateMachine;
import io.raftboot.test.examples.Counter;
import io.raftboot.test.examples.WriteAsReadCounter;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.history.Operation;
import io.raftboot.test.lin.Linearizability;
import io.raftboot.test.lin.Models;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What a user of the kit does: concurrent clients on a counter while the leader is partitioned
 * away and then killed and restarted, and the history checked. The correct counter passes; a
 * counter whose INCR is declared a read (it never reaches the log) fails with a readable window.
 */
class CounterLinearizabilityTest {

    private static List<Operation> historyUnderFaults(Supplier<StateMachine> stateMachine) {
        HistoryRecorder history = new HistoryRecorder();
        try (RaftCluster cluster = RaftCluster.start(ClusterSettings.of(3, stateMachine));
             ClientLoad load = ClientLoad.start(cluster, history, 3, (client, random) -> {
                 String key = "c" + random.nextInt(2);
                 if (random.nextInt(4) == 0) {
                     client.call("GET", key);
                 } else {
                     client.call("INCR", key);
                 }
             })) {
            load.awaitAcknowledged(30);
            ClusterMember first = cluster.leader();
            cluster.isolate(first);
            load.awaitAcknowledged(30);
            cluster.heal();
            ClusterMember second = cluster.leader();
            cluster.kill(second);
            load.awaitAcknowledged(30);
            cluster.restart(second);
            load.awaitAcknowledged(30);
        }
        return history.history();
    }

    @Test
    void aCorrectCounterIsLinearizableUnderAPartitionAndAKill() {
        List<Operation> history = historyUnderFaults(Counter::new);
        assertThat(history).filteredOn(Operation::observed).hasSizeGreaterThanOrEqualTo(120);
        Linearizability.assertLinearizable(history, Models.counter());
    }

    @Test
    void aCounterThatNeverLogsItsIncrementsFailsWithTheSmallestWindow() {
        List<Operation> history = historyUnderFaults(WriteAsReadCounter::new);
        assertThatThrownBy(() -> Linearizability.assertLinearizable(history, Models.counter()))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("linearizability: NOT_LINEARIZABLE")
                .hasMessageContaining("smallest non-linearizable window")
                .hasMessageContaining("INCR c");
    }
}
