package io.raftboot.test.determinism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.CommandSpec;
import io.raftboot.test.ClusterMember;
import io.raftboot.test.ClusterSettings;
import io.raftboot.test.RaftCluster;
import io.raftboot.test.examples.ClockStampingCounter;
import io.raftboot.test.examples.Counter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeterminismCheckTest {

    @Test
    void theCommittedLogOfAClusterReplaysToTheSameStateOnFreshInstances() {
        try (RaftCluster cluster = RaftCluster.start(ClusterSettings.of(3, Counter::new))) {
            cluster.leader().execute("INCR", "a");
            cluster.kill(cluster.leader());
            cluster.leader().execute("INCR", "b");
            cluster.leader().execute("INCR", "a");
            cluster.awaitConverged();

            List<LoggedCommand> log = cluster.committedLog();
            assertThat(log).extracting(entry -> entry.command().toString()).containsExactly("INCR a", "INCR b", "INCR a");
            assertThat(log).extracting(LoggedCommand::index).isSorted().doesNotHaveDuplicates();
            cluster.assertDeterministic();
        }
    }

    @Test
    void aHandlerReadingTheClockFailsAtTheFirstEntryWithTheDifferingBytes() {
        try (RaftCluster cluster = RaftCluster.start(ClusterSettings.of(3, ClockStampingCounter::new))) {
            ClusterMember leader = cluster.leader();
            leader.execute("INCR", "a");
            long index = cluster.committedLog().get(0).index();
            assertThatThrownBy(cluster::assertDeterministic)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("state machine is not deterministic: after log entry #" + index + " (term ")
                    .hasMessageContaining("INCR a, the snapshots of instances 1 and 2 differ")
                    .hasMessageContaining("first difference at byte")
                    .hasMessageContaining("a last incremented at")
                    .hasMessageContaining("CommandContext.timestampMillis()");
        }
    }

    /** ROLL key: a die roll stored under key, from an unseeded Random. */
    static final class Dice extends Counter {
        @Override
        public List<CommandSpec> commands() {
            return List.of(CommandSpec.write("ROLL", 2,
                    (command, context) -> counts.merge(command.string(1), (long) new Random().nextInt(1_000_000), Long::sum)));
        }
    }

    @Test
    void anUnseededRandomReplyIsReportedAsDifferingReplies() {
        List<LoggedCommand> log = List.of(LoggedCommand.at(1, "ROLL", "d"), LoggedCommand.at(2, "ROLL", "d"));
        assertThatThrownBy(() -> DeterminismCheck.of(Dice::new).assertDeterministic(log))
                .hasMessageStartingWith("state machine is not deterministic: after log entry #1 (term 1) ROLL d, the replies differ")
                .hasMessageContaining("CommandContext.randomSeed()");
    }

    @Test
    void aDeterministicStateMachinePassesAHandWrittenLog() {
        DeterminismCheck.of(Counter::new).instances(4)
                .assertDeterministic(List.of(LoggedCommand.at(1, "INCR", "x"), LoggedCommand.at(3, "INCR", "y")));
    }
}
