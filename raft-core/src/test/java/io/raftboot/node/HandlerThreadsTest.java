package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.SafeEncoder;

/** Writes and ordinary reads run on the apply thread; reads that opt in run beside it. */
class HandlerThreadsTest {
    TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static final class ThreadNames implements StateMachine {
        @Override
        public List<CommandSpec> commands() {
            return List.of(
                    CommandSpec.write("WRITER", 1, (cmd, ctx) -> Thread.currentThread().getName()),
                    CommandSpec.read("READER", 1, cmd -> Thread.currentThread().getName()),
                    CommandSpec.builder("SIDEREADER", 1, CommandKind.READ).noKeys().concurrentRead(true)
                            .handler((cmd, ctx, applier) -> applier.read(() -> Thread.currentThread().getName(), n -> n))
                            .build());
        }

        @Override
        public SnapshotWriter snapshot() {
            return out -> { };
        }

        @Override
        public void restore(InputStream in) {
        }
    }

    @Test
    void handlersRunOnTheApplyThreadUnlessAReadOptsOut() {
        cluster = TestCluster.create(1, b -> { });
        TestCluster.Member m = cluster.member(0);
        cluster.startMember(m, cluster.options(m), new ThreadNames());
        cluster.awaitLeader();
        try (Jedis jedis = m.jedis()) {
            assertThat(call(jedis, "WRITER")).startsWith("raft-apply-");
            assertThat(call(jedis, "READER")).startsWith("raft-apply-");
            assertThat(call(jedis, "SIDEREADER")).startsWith("raft-read-");
        }
    }

    private static String call(Jedis jedis, String name) {
        return SafeEncoder.encode((byte[]) jedis.sendCommand(() -> SafeEncoder.encode(name)));
    }
}
