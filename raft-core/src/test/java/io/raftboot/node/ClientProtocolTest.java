package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.Durability;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/** Connection commands in Redis 7's shapes, ordering on a pipelined connection, and validation. */
class ClientProtocolTest {
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(1, b -> b.durability(Durability.HIGH));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Jedis jedis() {
        return cluster.member(0).jedis();
    }

    @Test
    void pipelinedRepliesComeInRequestOrderAndReadsSeeEarlierWrites() {
        try (Jedis jedis = jedis()) {
            Pipeline p = jedis.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            List<Response<String>> gets = new ArrayList<>();
            List<Response<Object>> pings = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sets.add(p.set("ryw", "v" + i));
                gets.add(p.get("ryw"));
                pings.add(p.sendCommand(Protocol.Command.ECHO, "e" + i));
            }
            p.sync();
            for (int i = 0; i < 200; i++) {
                assertThat(sets.get(i).get()).isEqualTo("OK");
                assertThat(gets.get(i).get()).as("read %d after its write", i).isEqualTo("v" + i);
                assertThat(SafeEncoder.encode((byte[]) pings.get(i).get())).isEqualTo("e" + i);
            }
        }
    }

    @Test
    void aPipelineLongerThanTheInFlightBoundIsAnsweredCompletely() {
        try (Jedis jedis = jedis()) {
            Pipeline p = jedis.pipelined();
            List<Response<String>> sets = new ArrayList<>();
            for (int i = 0; i < 25_000; i++) {
                sets.add(p.set("bp" + (i % 100), "v" + i));
            }
            Response<String> last = p.get("bp99");
            p.sync();
            assertThat(sets).allSatisfy(r -> assertThat(r.get()).isEqualTo("OK"));
            assertThat(last.get()).isEqualTo("v24999");
        }
    }

    @Test
    void pingEchoSelectAndQuit() {
        try (Jedis jedis = jedis()) {
            assertThat(jedis.ping()).isEqualTo("PONG");
            assertThat(jedis.ping("hi")).isEqualTo("hi");
            assertThat(jedis.echo("x y")).isEqualTo("x y");
            assertThat(jedis.select(0)).isEqualTo("OK");
            assertThatThrownBy(() -> jedis.select(1)).isInstanceOf(JedisDataException.class)
                    .hasMessage("ERR DB index is out of range");
            assertThat(jedis.sendCommand(() -> SafeEncoder.encode("QUIT"))).isEqualTo(SafeEncoder.encode("OK"));
        }
    }

    @Test
    void helloAnswersResp2AndRefusesResp3() {
        try (Jedis jedis = jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.HELLO, "3"))
                    .isInstanceOf(JedisDataException.class)
                    .hasMessage("NOPROTO sorry, this protocol version is not supported");
            @SuppressWarnings("unchecked")
            List<Object> hello = (List<Object>) jedis.sendCommand(Protocol.Command.HELLO, "2", "SETNAME", "me");
            assertThat(SafeEncoder.encode((byte[]) hello.get(0))).isEqualTo("server");
            assertThat(hello.get(5)).isEqualTo(2L);
            assertThat(jedis.clientGetname()).isEqualTo("me");
        }
    }

    @Test
    void clientSubcommands() {
        try (Jedis jedis = jedis()) {
            assertThat(jedis.clientSetname("worker-1")).isEqualTo("OK");
            assertThat(jedis.clientGetname()).isEqualTo("worker-1");
            assertThat(jedis.clientId()).isPositive();
            assertThat(jedis.sendCommand(Protocol.Command.CLIENT, "SETINFO", "lib-name", "jedis"))
                    .isEqualTo(SafeEncoder.encode("OK"));
        }
    }

    @Test
    void commandListsTheRegistryWithArityAndFlagsButNoPeerCommands() {
        try (Jedis jedis = jedis()) {
            List<String> names = jedis.commandList();
            assertThat(names).contains("set", "get", "del", "ping", "raftleader", "raftstats")
                    .noneMatch(n -> n.startsWith("raft.")).doesNotContain("raftforward", "raftmembers");
            assertThat(jedis.commandCount()).isEqualTo(names.size());
            @SuppressWarnings("unchecked")
            List<Object> info = (List<Object>) jedis.sendCommand(Protocol.Command.COMMAND, "INFO", "set", "del", "nope");
            @SuppressWarnings("unchecked")
            List<Object> set = (List<Object>) info.get(0);
            assertThat(SafeEncoder.encode((byte[]) set.get(0))).isEqualTo("set");
            assertThat(set.get(1)).isEqualTo(3L);
            assertThat(((List<?>) set.get(2)).stream().map(o -> SafeEncoder.encode((byte[]) o))).contains("write");
            @SuppressWarnings("unchecked")
            List<Object> del = (List<Object>) info.get(1);
            assertThat(del.get(1)).isEqualTo(-2L);
            assertThat(info.get(2)).isNull();
        }
    }

    @Test
    void commandInfoGivesRedis7KeySpecificationsThatClusterClientsRead() {
        try (Jedis jedis = jedis()) {
            @SuppressWarnings("unchecked")
            List<Object> info = (List<Object>) jedis.sendCommand(Protocol.Command.COMMAND, "INFO", "set", "del", "ping");
            // SET k v: one key at 1; the key range ends 0 after it, as redis-server 7 answers
            assertThat(keySpec((List<?>) info.get(0))).isEqualTo(List.of("flags", List.of("RW", "update"),
                    "begin_search", List.of("type", "index", "spec", List.of("index", 1L)),
                    "find_keys", List.of("type", "range", "spec", List.of("lastkey", 0L, "keystep", 1L, "limit", 0L))));
            // DEL k...: keys from 1 to the last argument
            assertThat(keySpec((List<?>) info.get(1)).get(5))
                    .isEqualTo(List.of("type", "range", "spec", List.of("lastkey", -1L, "keystep", 1L, "limit", 0L)));
            assertThat((List<?>) ((List<?>) info.get(2)).get(8)).as("PING has no keys").isEmpty();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void commandDocsListsTheArgumentsOfBuiltInsAsRedis7Does() {
        try (Jedis jedis = jedis()) {
            List<Object> docs = (List<Object>) decode(jedis.sendCommand(Protocol.Command.COMMAND, "DOCS", "raftaddpeer",
                    "role", "hello"));
            assertThat(docs.get(0)).isEqualTo("raftaddpeer");
            assertThat(docs.get(1)).isEqualTo(List.of("summary", "Server command", "since", "1.0.0", "group",
                    "connection", "arguments", List.of(
                            List.of("name", "address", "type", "string", "display_text", "address"),
                            List.of("name", "id", "type", "string", "display_text", "id", "flags", List.of("optional")))));
            assertThat(docs.get(2)).isEqualTo("role");
            assertThat((List<Object>) docs.get(3)).as("no arguments, no field").doesNotContain("arguments");
            List<Object> hello = (List<Object>) docs.get(5);
            List<Object> block = (List<Object>) ((List<Object>) hello.get(hello.indexOf("arguments") + 1)).get(0);
            assertThat(block).startsWith("name", "arguments", "type", "block", "flags", List.of("optional"));
            assertThat((List<Object>) block.get(7)).contains(List.of("name", "clientname", "type", "string",
                    "display_text", "clientname", "token", "SETNAME", "flags", List.of("optional")));
        }
    }

    /** The first key specification of one COMMAND INFO entry, with byte strings decoded. */
    private static List<?> keySpec(List<?> entry) {
        return (List<?>) decode(((List<?>) entry.get(8)).get(0));
    }

    private static Object decode(Object o) {
        if (o instanceof byte[] bytes) {
            return SafeEncoder.encode(bytes);
        }
        if (o instanceof List<?> list) {
            return list.stream().map(ClientProtocolTest::decode).toList();
        }
        return o;
    }

    @Test
    void configGetAndInfo() {
        try (Jedis jedis = jedis()) {
            Map<String, String> config = jedis.configGet("*");
            assertThat(config).containsEntry("appendonly", "yes").containsEntry("databases", "1").containsKey("save");
            String info = jedis.info();
            assertThat(info).contains("# Server", "redis_version:", "# Clients", "# Replication", "role:master",
                    "# Keyspace", "# Raft", "raft_state:Leader");
            assertThat(jedis.info("replication")).contains("role:master").doesNotContain("# Server");
        }
    }

    @Test
    void roleOfASingleLeader() {
        try (Jedis jedis = jedis()) {
            List<Object> role = jedis.role();
            assertThat(role.get(0)).isEqualTo("master");
        }
    }

    @Test
    void clusterCommandsOnlyInMovedMode() {
        try (Jedis jedis = jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.CLUSTER, "SLOTS"))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("cluster support disabled");
        }
    }

    @Test
    void aValidatorRejectsBeforeAnythingIsLogged() {
        long before = cluster.member(0).node().status().lastLogIndex();
        try (Jedis jedis = jedis()) {
            assertThatThrownBy(() -> jedis.sendCommand(() -> SafeEncoder.encode("SETNUM"), "k", "x"))
                    .isInstanceOf(JedisDataException.class).hasMessage("ERR value is not an integer or out of range");
        }
        assertThat(cluster.member(0).node().status().lastLogIndex()).isEqualTo(before);
    }
}
