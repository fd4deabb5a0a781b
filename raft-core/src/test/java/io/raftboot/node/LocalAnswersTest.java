package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Unknown commands and reads flagged {@code stale} (such as a state machine's "not supported"
 * replies) are answered by the member that receives them: a follower never sends the client to the
 * leader only to be refused there.
 */
class LocalAnswersTest {
    private TestCluster cluster;

    /** EVAL answers "not supported" wherever it arrives; PEEK is an ordinary read. */
    static final class WithUnsupported implements StateMachine {
        @Override
        public List<CommandSpec> commands() {
            return List.of(
                    CommandSpec.builder("EVAL", -1, CommandKind.READ).flags(CommandSpec.STALE).noKeys()
                            .handler((cmd, ctx, applier) -> applier.read(() -> {
                                throw new IllegalStateException("command 'EVAL' is not supported");
                            }, r -> r)).build(),
                    CommandSpec.builder("PEEK", 1, CommandKind.READ).noKeys()
                            .handler((cmd, ctx, applier) -> applier.read(() -> "peeked", r -> r)).build());
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> { };
        }

        @Override
        public void restore(InputStream in) {
        }
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFollowerAnswersUnsupportedAndUnknownCommandsItselfAndRedirectsOrdinaryReads() {
        cluster = TestCluster.create(3, b -> { });
        for (TestCluster.Member m : cluster.members()) {
            cluster.startMember(m, cluster.options(m), new WithUnsupported());
        }
        TestCluster.Member leader = cluster.awaitLeader();
        for (TestCluster.Member follower : cluster.followers()) {
            try (Jedis jedis = follower.jedis()) {
                assertThatThrownBy(() -> SingleNodeTest.send(jedis, "EVAL")).isInstanceOf(JedisDataException.class)
                        .hasMessage("ERR command 'EVAL' is not supported");
                assertThatThrownBy(() -> SingleNodeTest.send(jedis, "NOSUCH", "x")).isInstanceOf(JedisDataException.class)
                        .hasMessageStartingWith("ERR unknown command 'NOSUCH'");
                assertThatThrownBy(() -> SingleNodeTest.send(jedis, "PEEK")).isInstanceOf(JedisDataException.class)
                        .hasMessage("TRY " + leader.address());
            }
        }
    }
}
