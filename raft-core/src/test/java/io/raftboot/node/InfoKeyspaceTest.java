package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** INFO keyspace shows what a state machine that reports its keys holds, in Redis's db0 shape. */
class InfoKeyspaceTest {
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReportingStateMachineIsListedAsDb0OnceItHoldsKeys() {
        cluster = TestCluster.start(1);
        try (Jedis jedis = cluster.awaitLeader().jedis()) {
            assertThat(jedis.info("keyspace")).startsWith("# Keyspace").doesNotContain("db0:");
            jedis.set("a", "1");
            jedis.set("b", "2");
            jedis.set("a", "3");
            assertThat(jedis.info("keyspace")).contains("db0:keys=2,expires=0,avg_ttl=0\r\n");
            jedis.del("a", "b");
            assertThat(jedis.info("keyspace")).doesNotContain("db0:");
        }
    }

    @Test
    void aStateMachineThatReportsNothingListsNoDatabase() throws Exception {
        cluster = TestCluster.create(1, b -> { });
        TestCluster.Member member = cluster.member(0);
        cluster.startMember(member, cluster.options(member), new FatalErrorTest.Breakable());
        cluster.awaitLeader();
        member.node().execute(io.raftboot.api.Command.of("FINE")).get();
        try (Jedis jedis = member.jedis()) {
            assertThat(jedis.info("keyspace")).startsWith("# Keyspace").doesNotContain("db0:");
        }
    }
}
