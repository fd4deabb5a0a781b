package io.raftboot.sample.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ValueOperations;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ExpiryOption;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.GetExParams;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Every command of the sample through Jedis against a real 3-process cluster. Followers serve reads
 * locally here ({@code raft.consistency=low}) so that each member's own view can be checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCommandsIT {

    private SampleCluster cluster;
    private Jedis leader;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new SampleCluster(3, "--raft.consistency=low").start();
        leader = cluster.leader().jedis();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (leader != null) {
            leader.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ProtocolCommand command(String name) {
        return () -> name.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(Object reply) {
        return reply == null ? null : new String((byte[]) reply, StandardCharsets.UTF_8);
    }

    @Test
    void stringCommands() {
        assertThat(leader.set("s:k", "v")).isEqualTo("OK");
        assertThat(leader.get("s:k")).isEqualTo("v");
        assertThat(leader.set("s:k", "w", SetParams.setParams().nx())).isNull();
        assertThat(leader.set("s:k", "w", SetParams.setParams().xx().px(60_000))).isEqualTo("OK");
        assertThat(leader.pttl("s:k")).isBetween(1L, 60_000L);
        assertThat(leader.set("s:k", "x", SetParams.setParams().keepTtl())).isEqualTo("OK");
        assertThat(leader.ttl("s:k")).isBetween(1L, 60L);
        assertThat(leader.setGet("s:k", "y")).isEqualTo("x");
        assertThat(leader.ttl("s:k")).isEqualTo(-1);
        assertThat(leader.set("s:ex", "v", SetParams.setParams().ex(100))).isEqualTo("OK");
        assertThat(leader.ttl("s:ex")).isBetween(99L, 100L);
        long inAMinute = System.currentTimeMillis() + 60_000;
        assertThat(leader.set("s:pxat", "v", SetParams.setParams().pxAt(inAMinute))).isEqualTo("OK");
        assertThat(leader.pttl("s:pxat")).isBetween(1L, 60_000L);
        assertThat(leader.set("s:exat", "v", SetParams.setParams().exAt(inAMinute / 1000))).isEqualTo("OK");
        assertThat(leader.ttl("s:exat")).isBetween(1L, 60L);
        // Jedis deprecates its SETNX/SETEX/PSETEX methods, so these go out as raw commands
        assertThat(leader.sendCommand(command("SETNX"), "s:nx", "1")).isEqualTo(1L);
        assertThat(leader.sendCommand(command("SETNX"), "s:nx", "2")).isEqualTo(0L);
        assertThat(text(leader.sendCommand(command("SETEX"), "s:setex", "30", "v"))).isEqualTo("OK");
        assertThat(leader.ttl("s:setex")).isBetween(29L, 30L);
        assertThat(text(leader.sendCommand(command("PSETEX"), "s:psetex", "30000", "v"))).isEqualTo("OK");
        assertThat(leader.pttl("s:psetex")).isBetween(1L, 30_000L);
        assertThat(leader.getDel("s:nx")).isEqualTo("1");
        assertThat(leader.getDel("s:nx")).isNull();
        assertThat(leader.mset("s:a", "1", "s:b", "2")).isEqualTo("OK");
        assertThat(leader.mget("s:a", "s:missing", "s:b")).containsExactly("1", null, "2");
        assertThat(leader.incr("s:n")).isEqualTo(1);
        assertThat(leader.incrBy("s:n", 41)).isEqualTo(42);
        assertThat(leader.decr("s:n")).isEqualTo(41);
        assertThat(leader.decrBy("s:n", 40)).isEqualTo(1);
        assertThat(text(leader.sendCommand(command("GETSET"), "s:a", "one"))).isEqualTo("1");
        assertThat(leader.getEx("s:a", GetExParams.getExParams().ex(50))).isEqualTo("one");
        assertThat(leader.ttl("s:a")).isBetween(49L, 50L);
        assertThat(leader.msetnx("s:m1", "x", "s:m2", "y")).isEqualTo(1);
        assertThat(leader.msetnx("s:m2", "z", "s:m3", "w")).isZero();
        assertThat(leader.append("s:app", "Hello")).isEqualTo(5);
        assertThat(leader.append("s:app", " World")).isEqualTo(11);
        assertThat(leader.strlen("s:app")).isEqualTo(11);
        assertThat(leader.get("s:app")).isEqualTo("Hello World");
    }

    @Test
    void binarySafeKeysAndValues() {
        byte[] key = {'b', 0, (byte) 0xff, '\r', '\n'};
        byte[] value = new byte[100_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        assertThat(leader.set(key, value)).isEqualTo("OK");
        assertThat(leader.get(key)).isEqualTo(value);
    }

    @Test
    void errorsAreRedisOwn() {
        leader.set("e:str", "abc");
        assertThatThrownBy(() -> leader.incr("e:str")).isInstanceOf(JedisDataException.class)
                .hasMessage("ERR value is not an integer or out of range");
        leader.set("e:max", "9223372036854775807");
        assertThatThrownBy(() -> leader.incr("e:max")).hasMessage("ERR increment or decrement would overflow");
        assertThatThrownBy(() -> leader.sendCommand(command("SET"), "e:k", "v", "NX", "XX"))
                .hasMessage("ERR syntax error");
        assertThatThrownBy(() -> leader.sendCommand(command("SET"), "e:k", "v", "EX", "0"))
                .hasMessage("ERR invalid expire time in 'set' command");
        assertThatThrownBy(() -> leader.sendCommand(command("GET")))
                .hasMessage("ERR wrong number of arguments for 'get' command");
        assertThatThrownBy(() -> leader.sendCommand(command("EVAL"), "return 1", "0"))
                .hasMessage("ERR command 'EVAL' is not supported by this replicated store");
        // lists are served now: a list command on a string is a type error; streams are still unknown
        assertThatThrownBy(() -> leader.sendCommand(command("LPUSH"), "e:str", "x"))
                .hasMessage("WRONGTYPE Operation against a key holding the wrong kind of value");
        assertThatThrownBy(() -> leader.sendCommand(command("XADD"), "x", "*", "f", "v"))
                .hasMessageStartingWith("ERR unknown command 'XADD'");
    }

    @Test
    void keyCommands() {
        leader.mset("k:a", "1", "k:b", "2", "k:c", "3");
        assertThat(leader.exists("k:a", "k:a", "k:nope")).isEqualTo(2);
        assertThat(leader.type("k:a")).isEqualTo("string");
        assertThat(leader.type("k:nope")).isEqualTo("none");
        assertThat(leader.keys("k:[ab]")).containsExactlyInAnyOrder("k:a", "k:b");
        assertThat(leader.del("k:a", "k:nope")).isEqualTo(1);
        assertThat(leader.unlink("k:b")).isEqualTo(1);
        assertThat(leader.exists("k:a", "k:b", "k:c")).isEqualTo(1);
    }

    @Test
    void scanVisitsEveryKeyOnce() {
        for (int i = 0; i < 120; i++) {
            leader.set("scan:" + i, "v");
        }
        Set<String> seen = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = leader.scan(cursor, new ScanParams().match("scan:*").count(25));
            for (String key : page.getResult()) {
                assertThat(seen.add(key)).as("returned twice: %s", key).isTrue();
            }
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        assertThat(seen).hasSize(120);
    }

    @Test
    void expiryCommands() {
        leader.set("x:k", "v");
        assertThat(leader.ttl("x:k")).isEqualTo(-1);
        assertThat(leader.ttl("x:missing")).isEqualTo(-2);
        assertThat(leader.expire("x:k", 100)).isEqualTo(1);
        assertThat(leader.expire("x:k", 50, ExpiryOption.GT)).isZero();
        assertThat(leader.expire("x:k", 50, ExpiryOption.LT)).isEqualTo(1);
        assertThat(leader.ttl("x:k")).isBetween(49L, 50L);
        assertThat(leader.pexpire("x:k", 20_000)).isEqualTo(1);
        assertThat(leader.pttl("x:k")).isBetween(1L, 20_000L);
        assertThat(leader.expireAt("x:k", System.currentTimeMillis() / 1000 + 100)).isEqualTo(1);
        assertThat(leader.ttl("x:k")).isBetween(98L, 100L);
        assertThat(leader.pexpireAt("x:k", System.currentTimeMillis() + 30_000)).isEqualTo(1);
        assertThat(leader.pttl("x:k")).isBetween(1L, 30_000L);
        assertThat(leader.persist("x:k")).isEqualTo(1);
        assertThat(leader.ttl("x:k")).isEqualTo(-1);
        assertThat(leader.expire("x:k", 0)).isEqualTo(1);
        assertThat(leader.exists("x:k")).isFalse();
    }

    @Test
    void writesOnAFollowerAreRedirectedToTheLeader() {
        String leaderAddress = cluster.leader().address();
        for (SampleCluster.Node follower : cluster.followers()) {
            try (Jedis jedis = follower.jedis()) {
                assertThatThrownBy(() -> jedis.set("r:k", "v")).isInstanceOf(JedisDataException.class)
                        .hasMessage("TRY " + leaderAddress);
            }
        }
    }

    @Test
    void unsupportedCommandsAreAnsweredByTheFollowerThatReceivesThem() {
        for (SampleCluster.Node follower : cluster.followers()) {
            try (Jedis jedis = follower.jedis()) {
                assertThatThrownBy(() -> jedis.sendCommand(Protocol.Command.EVAL, "return 1", "0"))
                        .isInstanceOf(JedisDataException.class)
                        .hasMessage("ERR command 'EVAL' is not supported by this replicated store");
            }
        }
    }

    @Test
    void everyMemberAppliesTheSameWritesAndAgreesOnExpiry() {
        leader.set("agree:persistent", "p");
        leader.set("agree:short", "s", SetParams.setParams().px(1500));
        leader.set("agree:long", "l", SetParams.setParams().ex(600));
        long written = System.currentTimeMillis();
        for (SampleCluster.Node node : cluster.nodes()) {
            try (Jedis jedis = node.jedis()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> "l".equals(jedis.get("agree:long")));
                assertThat(jedis.get("agree:persistent")).isEqualTo("p");
                assertThat(jedis.ttl("agree:long")).isBetween(590L, 600L);
                if (System.currentTimeMillis() - written < 1000) {
                    assertThat(jedis.pttl("agree:short")).isBetween(1L, 1500L);
                }
            }
        }
        // after expiry every member reports the key gone, and the leader's sweep removes it for good
        for (SampleCluster.Node node : cluster.nodes()) {
            try (Jedis jedis = node.jedis()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> jedis.get("agree:short") == null);
                assertThat(jedis.ttl("agree:short")).isEqualTo(-2);
                assertThat(jedis.exists("agree:short")).isFalse();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        ((List<?>) jedis.sendCommand(command("EXPIREDKEYS"), "1000")).isEmpty());
                assertThat(jedis.get("agree:long")).isEqualTo("l");
            }
        }
    }

    /**
     * Clients on the leader move units between two keys with WATCH/MULTI/EXEC, retrying when WATCH
     * aborts, while other connections on every member read both keys with one MGET: no reader ever
     * sees a unit missing or doubled, and every member ends with the same two values.
     */
    @Test
    void transactionsMoveValueBetweenKeysAndNoMemberShowsAHalfAppliedOne() throws Exception {
        leader.mset("tx:from", "1000", "tx:to", "0");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(5);
        java.util.concurrent.atomic.AtomicInteger aborts = new java.util.concurrent.atomic.AtomicInteger();
        try {
            List<java.util.concurrent.Future<?>> movers = new java.util.ArrayList<>();
            for (int m = 0; m < 2; m++) {
                movers.add(pool.submit(() -> {
                    try (Jedis jedis = cluster.leader().jedis()) {
                        for (int moved = 0; moved < 40; ) {
                            jedis.watch("tx:from", "tx:to");
                            long from = Long.parseLong(jedis.get("tx:from"));
                            redis.clients.jedis.Transaction transaction = jedis.multi();
                            transaction.set("tx:from", Long.toString(from - 5));
                            transaction.incrBy("tx:to", 5);
                            if (transaction.exec() == null) {
                                aborts.incrementAndGet();
                            } else {
                                moved++;
                            }
                        }
                    }
                    return null;
                }));
            }
            List<java.util.concurrent.Future<Integer>> readers = new java.util.ArrayList<>();
            for (SampleCluster.Node node : cluster.nodes()) {
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    try (Jedis jedis = node.jedis()) {
                        while (!done.get() || reads == 0) {
                            List<String> both = jedis.mget("tx:from", "tx:to");
                            if (both.get(0) != null && both.get(1) != null) {
                                assertThat(Long.parseLong(both.get(0)) + Long.parseLong(both.get(1)))
                                        .as("read on %s", node).isEqualTo(1000);
                                reads++;
                            }
                        }
                    }
                    return reads;
                }));
            }
            for (java.util.concurrent.Future<?> mover : movers) {
                mover.get();
            }
            done.set(true);
            for (java.util.concurrent.Future<Integer> reader : readers) {
                assertThat(reader.get()).isPositive();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        System.out.println("transfers aborted by WATCH and retried: " + aborts.get());
        for (SampleCluster.Node node : cluster.nodes()) {
            try (Jedis jedis = node.jedis()) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> jedis.mget("tx:from", "tx:to").equals(List.of("600", "400")));
            }
        }
        // a follower sends a client with writes in its block to the leader, like a single write
        try (Jedis follower = cluster.followers().get(0).jedis()) {
            redis.clients.jedis.Transaction transaction = follower.multi();
            transaction.incr("tx:to");
            assertThatThrownBy(transaction::exec).hasMessageContaining("TRY " + cluster.leader().address());
        }
        // WAIT: both followers hold this connection's last write
        leader.set("tx:waited", "1");
        assertThat(leader.waitReplicas(2, 10_000)).isEqualTo(2);
        leader.del("tx:from", "tx:to", "tx:waited");
    }

    @Test
    void dbsizeAndFlushallAgreeOnEveryMember() {
        leader.set("f:1", "x");
        leader.flushAll();
        leader.mset("f:a", "1", "f:b", "2");
        assertThat(leader.dbSize()).isEqualTo(2);
        for (SampleCluster.Node node : cluster.nodes()) {
            try (Jedis jedis = node.jedis()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> jedis.dbSize() == 2);
                assertThat(jedis.keys("*")).containsExactlyInAnyOrder("f:a", "f:b");
            }
        }
        assertThat(text(leader.sendCommand(command("GET"), "f:a"))).isEqualTo("1");
    }
    @Test
    void springDataRedisWithLettuceDrivesTheLeader() {
        SampleCluster.Node node = cluster.leader();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(SampleCluster.HOST, node.respPort));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            ValueOperations<String, String> values = redis.opsForValue();
            values.set("l:k", "v");
            assertThat(values.get("l:k")).isEqualTo("v");
            assertThat(values.setIfAbsent("l:k", "w")).isFalse();
            assertThat(values.setIfPresent("l:k", "w", Duration.ofSeconds(30))).isTrue();
            assertThat(redis.getExpire("l:k")).isBetween(1L, 30L);
            assertThat(redis.persist("l:k")).isTrue();
            assertThat(redis.getExpire("l:k")).isEqualTo(-1);
            assertThat(values.increment("l:n")).isEqualTo(1);
            assertThat(values.increment("l:n", 9)).isEqualTo(10);
            assertThat(values.decrement("l:n", 4)).isEqualTo(6);
            assertThat(values.append("l:s", "ab")).isEqualTo(2);
            assertThat(values.size("l:s")).isEqualTo(2);
            values.multiSet(java.util.Map.of("l:a", "1", "l:b", "2"));
            assertThat(values.multiGet(List.of("l:a", "l:b", "l:none"))).containsExactly("1", "2", null);
            assertThat(values.getAndDelete("l:a")).isEqualTo("1");
            assertThat(redis.hasKey("l:a")).isFalse();
            assertThat(redis.countExistingKeys(List.of("l:b", "l:b", "l:none"))).isEqualTo(2);
            assertThat(redis.type("l:b")).isEqualTo(DataType.STRING);
            assertThat(redis.expire("l:b", Duration.ofMillis(50_000))).isTrue();
            assertThat(redis.getExpire("l:b", java.util.concurrent.TimeUnit.MILLISECONDS)).isBetween(1L, 50_000L);
            assertThat(redis.keys("l:*")).contains("l:k", "l:n", "l:s", "l:b");
            Set<String> scanned = new HashSet<>();
            try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match("l:*").count(2).build())) {
                cursor.forEachRemaining(scanned::add);
            }
            assertThat(scanned).containsExactlyInAnyOrder("l:k", "l:n", "l:s", "l:b");
            assertThat(redis.delete(List.of("l:k", "l:n"))).isEqualTo(2);
            assertThat(values.decrement("l:d")).isEqualTo(-1);
            values.set("l:ttl", "v", Duration.ofSeconds(40));
            assertThat(redis.getExpire("l:ttl")).isBetween(1L, 40L);
            assertThat(redis.expireAt("l:ttl", java.time.Instant.now().plusSeconds(80))).isTrue();
            assertThat(redis.getExpire("l:ttl")).isBetween(40L, 80L);
            assertThat(redis.unlink("l:ttl")).isTrue();
            byte[] raw = "l:raw".getBytes(StandardCharsets.UTF_8);
            byte[] one = "1".getBytes(StandardCharsets.UTF_8);
            Boolean setnx = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().setNX(raw, one));
            assertThat(setnx).isTrue();
            Boolean setex = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().setEx(raw, 30, one));
            assertThat(setex).isTrue();
            Boolean psetex = redis.execute((RedisCallback<Boolean>) c -> c.stringCommands().pSetEx(raw, 30_000, one));
            assertThat(psetex).isTrue();
            Boolean pexpireat = redis.execute((RedisCallback<Boolean>) c ->
                    c.keyCommands().pExpireAt(raw, System.currentTimeMillis() + 90_000));
            assertThat(pexpireat).isTrue();
            assertThat(redis.getExpire("l:raw")).isBetween(60L, 90L);
            Long size = redis.execute((RedisCallback<Long>) connection -> connection.serverCommands().dbSize());
            assertThat(size).isPositive();
            redis.execute((RedisCallback<Void>) connection -> {
                connection.serverCommands().flushAll();
                return null;
            });
            assertThat(redis.execute((RedisCallback<Long>) connection -> connection.serverCommands().dbSize())).isZero();
        } finally {
            factory.destroy();
        }
    }

    @Test
    void redisCliAndRedisBenchmarkWork() throws Exception {
        assumeTrue(onPath("redis-cli"), "redis-cli is not installed (Debian: apt-get install redis-tools)");
        String port = Integer.toString(cluster.leader().respPort);
        assertThat(run("redis-cli", "-p", port, "SET", "cli:greeting", "hello")).isEqualTo("OK");
        assertThat(run("redis-cli", "-p", port, "GET", "cli:greeting")).isEqualTo("hello");
        assertThat(run("redis-cli", "-p", port, "INCRBY", "cli:n", "5")).isEqualTo("5");
        assertThat(run("redis-cli", "-p", port, "--scan", "--pattern", "cli:*").lines().sorted().toList())
                .containsExactly("cli:greeting", "cli:n");
        assertThat(run("redis-cli", "-p", port, "RAFTLEADER")).isEqualTo(cluster.leader().address());

        assumeTrue(onPath("redis-benchmark"), "redis-benchmark is not installed (Debian: apt-get install redis-tools)");
        String report = run("redis-benchmark", "-p", port, "-t", "set,get,incr,mset", "-n", "2000", "-c", "8", "-q");
        assertThat(report).contains("SET: ", "GET: ", "INCR: ", "MSET (10 keys): ").doesNotContain("ERR");
    }

    private static boolean onPath(String program) {
        return java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, program)));
    }

    /** Runs a program to completion (bounded) and returns its trimmed output; fails on a non-zero exit. */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8).trim();
        assertThat(process.exitValue()).as("exit of %s: %s", String.join(" ", command), text).isZero();
        return text;
    }
}
