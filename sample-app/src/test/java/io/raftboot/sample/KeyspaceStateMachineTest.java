package io.raftboot.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;
import io.raftboot.test.determinism.Replica;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The annotated state machine as the starter binds it, driven like the runtime would, without a cluster. */
class KeyspaceStateMachineTest {

    private static final long T0 = 1_700_000_000_000L;

    /** One member on the test kit's {@link Replica}: writes and reads run at once, as the apply thread runs them. */
    private static final class Member {
        private final StateMachine machine = AnnotatedStateMachineFactory.create(new KeyspaceStateMachine());
        private final Replica replica = new Replica(machine);
        private long index;

        Object run(long time, String... args) {
            Command command = Command.of(args);
            CommandSpec spec = replica.spec(args[0]);
            assertThat(spec).as("command %s", args[0]).isNotNull();
            if (!spec.acceptsArgumentCount(command.size())) {
                throw new IllegalArgumentException("wrong number of arguments for " + args[0]);
            }
            spec.validator().validate(command);
            CommandContext ctx = new CommandContext(++index, 1, time, CommandContext.seedFor(index, 1), true);
            Object reply = replica.execute(command, ctx);
            return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : reply;
        }

        CommandSpec spec(String name) {
            return replica.spec(name);
        }
    }

    private final Member member = new Member();

    @Test
    void infoKeyspaceCountsKeysAndKeysWithAnExpiry() {
        KeyspaceReporter reporter = (KeyspaceReporter) member.machine;
        assertThat(reporter.keyspaceStats()).isEqualTo(new KeyspaceStats(0, 0, 0));
        member.run(T0, "SET", "a", "1");
        member.run(T0, "SET", "b", "2", "EX", "100");
        member.run(T0, "HSET", "h", "f", "v");
        assertThat(reporter.keyspaceStats()).isEqualTo(new KeyspaceStats(3, 1, 0));
        member.run(T0, "PERSIST", "b");
        member.run(T0, "DEL", "a");
        assertThat(reporter.keyspaceStats()).isEqualTo(new KeyspaceStats(2, 0, 0));
        member.run(T0, "FLUSHALL");
        assertThat(reporter.keyspaceStats()).isEqualTo(new KeyspaceStats(0, 0, 0));
    }

    @Test
    void everyCommandOfTheIssueIsRegisteredWithRedisArityAndKind() {
        Map<String, Integer> arity = Map.ofEntries(
                Map.entry("get", 2), Map.entry("set", -3), Map.entry("setnx", 3), Map.entry("setex", 4),
                Map.entry("psetex", 4), Map.entry("del", -2), Map.entry("unlink", -2), Map.entry("exists", -2),
                Map.entry("keys", 2), Map.entry("scan", -2), Map.entry("mget", -2), Map.entry("mset", -3),
                Map.entry("incr", 2), Map.entry("incrby", 3), Map.entry("decr", 2), Map.entry("decrby", 3),
                Map.entry("append", 3), Map.entry("strlen", 2), Map.entry("getdel", 2), Map.entry("expire", -3),
                Map.entry("pexpire", -3), Map.entry("expireat", -3), Map.entry("pexpireat", -3), Map.entry("ttl", 2),
                Map.entry("pttl", 2), Map.entry("persist", 2), Map.entry("dbsize", 1), Map.entry("flushall", -1),
                Map.entry("type", 2), Map.entry("getset", 3), Map.entry("getex", -2), Map.entry("msetnx", -3));
        List<String> reads = List.of("get", "exists", "keys", "scan", "mget", "strlen", "ttl", "pttl", "dbsize", "type");
        arity.forEach((name, expected) -> {
            CommandSpec spec = member.spec(name);
            assertThat(spec).as(name).isNotNull();
            assertThat(spec.arity()).as("arity of %s", name).isEqualTo(expected);
            assertThat(spec.kind()).as("kind of %s", name)
                    .isEqualTo(reads.contains(name) ? CommandKind.READ : CommandKind.WRITE);
        });
    }

    @Test
    void hashListSetAndSortedSetCommandsAreRegisteredWithRedisArityAndKind() {
        Map<String, Integer> arity = Map.ofEntries(
                Map.entry("hset", -4), Map.entry("hsetnx", 4), Map.entry("hget", 3), Map.entry("hmget", -3),
                Map.entry("hdel", -3), Map.entry("hexists", 3), Map.entry("hlen", 2), Map.entry("hgetall", 2),
                Map.entry("hkeys", 2), Map.entry("hvals", 2), Map.entry("hincrby", 4), Map.entry("hincrbyfloat", 4),
                Map.entry("hscan", -3), Map.entry("lpush", -3), Map.entry("rpush", -3), Map.entry("lpushx", -3),
                Map.entry("rpushx", -3), Map.entry("lpop", -2), Map.entry("rpop", -2), Map.entry("llen", 2),
                Map.entry("lrange", 4), Map.entry("lindex", 3), Map.entry("lset", 4), Map.entry("lrem", 4),
                Map.entry("ltrim", 4), Map.entry("lmove", 5), Map.entry("rpoplpush", 3), Map.entry("sadd", -3),
                Map.entry("srem", -3), Map.entry("sismember", 3), Map.entry("smismember", -3), Map.entry("smembers", 2),
                Map.entry("scard", 2), Map.entry("spop", -2), Map.entry("srandmember", -2), Map.entry("sinter", -2),
                Map.entry("sunion", -2), Map.entry("sdiff", -2), Map.entry("sinterstore", -3),
                Map.entry("sunionstore", -3), Map.entry("sdiffstore", -3), Map.entry("sscan", -3),
                Map.entry("zadd", -4), Map.entry("zrem", -3), Map.entry("zscore", 3), Map.entry("zincrby", 4),
                Map.entry("zcard", 2), Map.entry("zcount", 4), Map.entry("zrange", -4), Map.entry("zrangebyscore", -4),
                Map.entry("zrank", 3), Map.entry("zrevrank", 3), Map.entry("zpopmin", -2), Map.entry("zpopmax", -2),
                Map.entry("zscan", -3));
        List<String> reads = List.of("hget", "hmget", "hexists", "hlen", "hgetall", "hkeys", "hvals", "hscan", "llen",
                "lrange", "lindex", "sismember", "smismember", "smembers", "scard", "srandmember", "sinter", "sunion",
                "sdiff", "sscan", "zscore", "zcard", "zcount", "zrange", "zrangebyscore", "zrank", "zrevrank", "zscan");
        arity.forEach((name, expected) -> {
            CommandSpec spec = member.spec(name);
            assertThat(spec).as(name).isNotNull();
            assertThat(spec.arity()).as("arity of %s", name).isEqualTo(expected);
            assertThat(spec.kind()).as("kind of %s", name)
                    .isEqualTo(reads.contains(name) ? CommandKind.READ : CommandKind.WRITE);
        });
    }

    @Test
    void collectionsHaveTheirTypeAndBlockingPopsAnswerAClearError() {
        member.run(T0, "HSET", "h", "f", "v");
        member.run(T0, "RPUSH", "l", "a");
        member.run(T0, "SADD", "s", "m");
        member.run(T0, "ZADD", "z", "1", "m");
        assertThat(member.run(T0, "TYPE", "z")).isEqualTo(new Status("zset"));
        assertThat(member.run(T0, "TYPE", "h")).isEqualTo(new Status("hash"));
        assertThat(member.run(T0, "TYPE", "l")).isEqualTo(new Status("list"));
        assertThat(member.run(T0, "TYPE", "s")).isEqualTo(new Status("set"));
        assertThat((List<?>) ((List<?>) member.run(T0, "SCAN", "0", "TYPE", "list", "COUNT", "100")).get(1))
                .singleElement().isEqualTo("l".getBytes(StandardCharsets.UTF_8));
        assertThat(member.run(T0, "LSET", "l", "0", "b")).isEqualTo(Status.OK);
        assertThatThrownBy(() -> member.run(T0, "GET", "h"))
                .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
        for (String name : List.of("BLPOP", "BRPOP", "BLMOVE", "BRPOPLPUSH", "BLMPOP", "BZPOPMIN", "BZPOPMAX")) {
            assertThatThrownBy(() -> member.run(T0, name, "l", "0"))
                    .hasMessage("ERR command '" + name + "' is not supported by this replicated store");
        }
    }

    @Test
    void replicasPopTheSameMembersAndSnapshotTheSameBytes() throws IOException {
        Member a = new Member();
        Member b = new Member();
        String[][] log = {
                {"SADD", "s", "1", "2", "3", "4", "5", "6", "7", "8"}, {"SPOP", "s"}, {"SPOP", "s", "3"},
                {"HSET", "h", "x", "1", "y", "2"}, {"LPUSH", "l", "a", "b"}, {"SRANDMEMBER", "s", "-5"},
                {"HINCRBYFLOAT", "h", "x", "0.5"}, {"SINTERSTORE", "t", "s", "s"}, {"LMOVE", "l", "l2", "LEFT", "RIGHT"},
        };
        long time = T0;
        for (String[] entry : log) {
            time += 20;
            assertThat(texts(a.run(time, entry))).as("%s", List.of(entry)).isEqualTo(texts(b.run(time, entry)));
        }
        assertThat(snapshotBytes(a)).isEqualTo(snapshotBytes(b));
        assertThat(a.run(time, "SCARD", "s")).isEqualTo(4L);
    }

    @Test
    void repliesHaveRedisShapes() {
        assertThat(member.run(T0, "SET", "k", "v")).isEqualTo(Status.OK);
        assertThat(member.run(T0, "GET", "k")).isEqualTo("v");
        assertThat(member.run(T0, "TYPE", "k")).isEqualTo(new Status("string"));
        assertThat(member.run(T0, "TYPE", "nope")).isEqualTo(new Status("none"));
        assertThat(member.run(T0, "INCR", "n")).isEqualTo(1L);
        assertThat(member.run(T0, "MSET", "a", "1", "b", "2")).isEqualTo(Status.OK);
        assertThat(member.run(T0, "DEL", "a", "b", "c")).isEqualTo(2L);
        assertThat(member.run(T0, "SET", "k", "w", "GET")).isEqualTo("v");
        assertThat(member.run(T0, "SET", "k", "w", "NX")).isNull();
        assertThat(member.run(T0, "DBSIZE")).isEqualTo(2L);
        assertThat(member.run(T0, "FLUSHALL")).isEqualTo(Status.OK);
        assertThat(member.run(T0, "DBSIZE")).isEqualTo(0L);
    }

    @Test
    void errorsCarryRedisTexts() {
        member.run(T0, "SET", "k", "v");
        assertThatThrownBy(() -> member.run(T0, "INCR", "k")).hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> member.run(T0, "SET", "k", "v", "NX", "XX")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> member.run(T0, "SET", "k", "v", "EX", "0"))
                .hasMessage("ERR invalid expire time in 'set' command");
        assertThatThrownBy(() -> member.run(T0, "MSET", "a", "1", "b"))
                .hasMessage("ERR wrong number of arguments for 'mset' command");
    }

    /** OBJECT ENCODING names the structure each type really lives in here (no compact small forms). */
    @Test
    void objectEncodingNamesTheStructuresThisStoreUses() {
        member.run(T0, "SET", "s", "12");
        member.run(T0, "HSET", "h", "f", "v");
        member.run(T0, "RPUSH", "l", "a");
        member.run(T0, "SADD", "set", "1");
        member.run(T0, "ZADD", "z", "1", "m");
        assertThat(member.run(T0, "OBJECT", "ENCODING", "s")).isEqualTo("raw");
        assertThat(member.run(T0, "object", "encoding", "h")).isEqualTo("hashtable");
        assertThat(member.run(T0, "OBJECT", "ENCODING", "l")).isEqualTo("quicklist");
        assertThat(member.run(T0, "OBJECT", "ENCODING", "set")).isEqualTo("hashtable");
        assertThat(member.run(T0, "OBJECT", "ENCODING", "z")).isEqualTo("skiplist");
        assertThat(member.run(T0, "OBJECT", "ENCODING", "missing")).isNull();
        assertThat(member.run(T0, "OBJECT", "REFCOUNT", "s")).isEqualTo(1L);
        assertThatThrownBy(() -> member.run(T0, "OBJECT", "FREQ", "s"))
                .hasMessageStartingWith("ERR An LFU maxmemory policy is not selected");
        assertThat(member.run(T0, "OBJECT", "FREQ", "missing")).isNull();
        assertThatThrownBy(() -> member.run(T0, "OBJECT", "NOPE", "s"))
                .hasMessage("ERR unknown subcommand 'NOPE'. Try OBJECT HELP.");
        assertThatThrownBy(() -> member.run(T0, "OBJECT", "ENCODING"))
                .hasMessage("ERR wrong number of arguments for 'object|encoding' command");
        assertThat((List<?>) member.run(T0, "OBJECT", "HELP")).hasSize(15);
    }

    @Test
    void unsupportedRedisFeaturesAnswerAClearError() {
        for (String name : List.of("EVAL", "EVALSHA", "SCRIPT",
                "FUNCTION", "FCALL", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "PUBLISH", "MONITOR", "MOVE", "SWAPDB")) {
            assertThatThrownBy(() -> member.run(T0, name, "x"))
                    .hasMessage("ERR command '" + name.toUpperCase(Locale.ROOT) + "' is not supported by this replicated store");
        }
    }

    @Test
    void writesJudgeExpiryByTheEntryTimeAndReadsByTheLaterOfItAndTheClock() {
        member.run(T0, "SET", "k", "v", "PX", "100");
        // a read whose local clock lags the last applied entry still judges by the entry time
        member.run(T0 + 150, "SET", "other", "x");
        assertThat(member.run(T0, "GET", "k")).isNull();
        assertThat((List<?>) member.run(T0, "EXPIREDKEYS", "10")).singleElement()
                .isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(member.run(T0 + 150, "EXPIRED", "k", "other")).isEqualTo(1L);
        assertThat(member.run(T0 + 150, "DBSIZE")).isEqualTo(1L);
    }

    @Test
    void replicasApplyingTheSameLogAgree() throws IOException {
        Member a = new Member();
        Member b = new Member();
        String[][] log = {
                {"SET", "x", "1", "PX", "50"}, {"INCRBY", "x", "5"}, {"APPEND", "s", "ab"}, {"SETEX", "t", "1", "v"},
                {"EXPIRE", "s", "10", "NX"}, {"MSET", "m1", "a", "m2", "b"}, {"GETDEL", "m1"}, {"EXPIRED", "x", "t"},
        };
        long time = T0;
        for (String[] entry : log) {
            time += 20;
            assertThat(a.run(time, entry)).isEqualTo(b.run(time, entry));
        }
        assertThat(snapshotBytes(a)).isEqualTo(snapshotBytes(b));
        assertThat((List<?>) a.run(time, "KEYS", "*")).hasSize(3);
    }

    @Test
    void snapshotAndRestoreThroughTheStarterAdapters() throws IOException {
        member.run(T0, "SET", "k", "v", "EX", "100");
        member.run(T0, "SET", "p", "q");
        byte[] snapshot = snapshotBytes(member);
        member.run(T0, "SET", "later", "x");

        Member restored = new Member();
        restored.run(T0, "SET", "stale", "y");
        restored.machine.restore(new ByteArrayInputStream(snapshot));
        assertThat(restored.run(T0, "DBSIZE")).isEqualTo(2L);
        assertThat(restored.run(T0, "GET", "k")).isEqualTo("v");
        assertThat(restored.run(T0, "PTTL", "k")).isEqualTo(100_000L);
        assertThat(restored.run(T0, "GET", "stale")).isNull();
    }

    /** Lists of bulk strings as text, so replies of two members compare by content. */
    private static Object texts(Object reply) {
        return reply instanceof List<?> list
                ? list.stream().map(o -> o instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : o).toList()
                : reply;
    }

    private static byte[] snapshotBytes(Member m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.machine.snapshot().writeTo(out);
        return out.toByteArray();
    }
}
