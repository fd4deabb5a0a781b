package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.StateMachine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Reads answer -LOADING until the log committed before a restart has been applied again. */
class LoadingTest {
    TestCluster cluster;
    final CountDownLatch replay = new CountDownLatch(1);

    @AfterEach
    void stop() {
        replay.countDown();
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The key-value store, whose writes wait for the test to let the replay proceed. */
    private StateMachine gated() {
        return new KvStateMachine().withCommands(commands -> commands.stream()
                .map(spec -> spec.kind() == io.raftboot.api.CommandKind.READ ? spec
                        : new CommandSpec(spec.name(), spec.arity(), spec.kind(), spec.flags(), spec.firstKey(),
                                spec.lastKey(), spec.keyStep(), spec.concurrentRead(), spec.validator(),
                                (command, context, applier) -> {
                                    try {
                                        replay.await(30, TimeUnit.SECONDS);
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                    return spec.handler().handle(command, context, applier);
                                })).toList());
    }

    @Test
    void readsWaitWithLoadingWhileThePreRestartLogReplays() {
        cluster = TestCluster.start(1);
        TestCluster.Member m = cluster.member(0);
        try (Jedis jedis = m.jedis()) {
            for (int i = 0; i < 5; i++) {
                jedis.set("k" + i, "v" + i);
            }
        }
        cluster.stop(m);
        cluster.startMember(m, cluster.options(m), gated());
        try (Jedis jedis = m.jedis()) {
            await().atMost(TestCluster.WAIT).untilAsserted(() -> assertThatThrownBy(() -> jedis.get("k4"))
                    .isInstanceOf(JedisDataException.class).hasMessage("LOADING Raft is loading the dataset in memory"));
            replay.countDown();
            await().atMost(TestCluster.WAIT).ignoreExceptions().until(() -> "v4".equals(jedis.get("k4")));
        }
        assertThat(m.node().status().appliedIndex()).isGreaterThanOrEqualTo(6);
    }
}
