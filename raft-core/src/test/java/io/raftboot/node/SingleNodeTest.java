package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;
import io.raftboot.api.RaftNode;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

class SingleNodeTest {
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void writesAndReadsThroughJedis() {
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
            assertThat(jedis.get("greeting")).isEqualTo("hello");
            assertThat(jedis.incr("counter")).isEqualTo(1);
            assertThat(jedis.incr("counter")).isEqualTo(2);
            assertThat(jedis.del("greeting", "missing")).isEqualTo(1);
            assertThat(jedis.get("greeting")).isNull();
        }
    }

    @Test
    void applicationCodeRunsCommandsLikeAClientThroughExecute() throws Exception {
        RaftNode node = cluster.member(0).node();
        assertThat(node.execute(Command.of("SET", "local", "41")).get()).isEqualTo("OK");
        assertThat(node.execute(Command.of("INCR", "local")).get()).isEqualTo(42L);
        assertThat((byte[]) node.execute(Command.of("GET", "local")).get()).asString().isEqualTo("42");
        assertThat(node.execute(Command.of("GET", "nothing")).get()).isNull();
        assertThat((byte[]) node.execute(Command.of("RAFTSTATE")).get()).asString().isEqualTo("Leader");
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThat(jedis.get("local")).as("the write went through the log like any other").isEqualTo("42");
        }
        assertThatThrownBy(() -> node.execute(Command.of("NOPE")).join()).hasCauseInstanceOf(CommandException.class)
                .hasRootCauseMessage("ERR unknown command 'NOPE'");
        assertThatThrownBy(() -> node.execute(Command.of("GET")).join())
                .hasRootCauseMessage("ERR wrong number of arguments for 'get' command");
    }

    @Test
    void aBootstrappedSingleMemberIsLeader() {
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThat(send(jedis, "RAFTSTATE")).isEqualTo("Leader");
            assertThat(send(jedis, "raftleader")).isEqualTo(cluster.member(0).address());
        }
    }

    @Test
    void unknownCommandAndWrongArityUseRedisMessages() {
        try (Jedis jedis = cluster.member(0).jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(() -> SafeEncoder.encode("NOPE"), "x"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR unknown command 'NOPE'");
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.GET))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR wrong number of arguments for 'get' command");
        }
    }

    @Test
    void handlerExceptionsBecomeErrorReplies() {
        try (Jedis jedis = cluster.member(0).jedis()) {
            jedis.set("text", "abc");
            assertThatThrownBy(() -> jedis.incr("text")).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR value is not an integer or out of range");
            assertThat(jedis.get("text")).isEqualTo("abc");
        }
    }

    @Test
    void raftStatsHasTheContractFieldsSortedByKey() {
        try (Jedis jedis = cluster.member(0).jedis()) {
            @SuppressWarnings("unchecked")
            List<byte[]> flat = (List<byte[]>) jedis.sendCommand(() -> SafeEncoder.encode("RAFTSTATS"));
            List<String> keys = new java.util.ArrayList<>();
            for (int i = 0; i < flat.size(); i += 2) {
                keys.add(SafeEncoder.encode(flat.get(i)));
            }
            assertThat(keys).isSorted().contains("applied_index", "commit_index", "fsm_pending", "id", "last_contact",
                    "last_log_index", "last_log_term", "last_snapshot_index", "last_snapshot_term", "leader",
                    "num_peers", "state", "term");
            int state = keys.indexOf("state");
            assertThat(SafeEncoder.encode(flat.get(2 * state + 1))).isEqualTo("Leader");
        }
    }

    static String send(Jedis jedis, String... args) {
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        Object reply = jedis.sendCommand(() -> SafeEncoder.encode(args[0]), rest);
        return reply == null ? null : reply instanceof byte[] b ? SafeEncoder.encode(b) : reply.toString();
    }
}
