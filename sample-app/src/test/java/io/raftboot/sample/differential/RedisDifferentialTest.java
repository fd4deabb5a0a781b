package io.raftboot.sample.differential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same random command sequence, from a fixed seed, on a real {@code redis-server} and on the
 * sample's state machine; every reply must match. Strings, keys, hashes, lists, sets and sorted sets. A small pool of keys makes commands of different
 * types meet the same keys (WRONGTYPE), and some commands get bad counts or numbers (errors).
 *
 * <p>Where Redis gives no order or no fixed choice, the comparison says so: replies of SMEMBERS,
 * SINTER, HKEYS and the like are compared as sorted multisets, HGETALL as a map, SRANDMEMBER by the
 * size of its reply, HSCAN/SSCAN/ZSCAN by everything a full iteration returns. SPOP is sent with a count
 * larger than any set, so that both sides remove the same members.
 */
class RedisDifferentialTest {

    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");
    /** Each type mostly uses its own keys; the rest of the time any key, so types meet (WRONGTYPE). */
    private static final String[] KEY_PREFIXES = {"str", "hash", "list", "set", "zset"};
    private static final String[] ITEMS = {"a", "b", "c", "d", "e", "f", "g", "1", "2", "-3"};
    private static final Set<String> UNORDERED = Set.of("smembers", "sinter", "sunion", "sdiff", "hkeys", "hvals", "spop");

    private static Process redis;
    private static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(REDIS_SERVER), "redis-server is not installed");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        redis = new ProcessBuilder(REDIS_SERVER.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (RespClient client = new RespClient("127.0.0.1", port)) {
                return "+PONG".equals(client.run(List.of("PING")));
            }
        });
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        if (redis != null) {
            // by its own handle (its PID), never by name
            redis.destroy();
            if (!redis.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
        }
    }

    @Test
    void aRandomSequenceOfCommandsOfEveryTypeGetsRedisRepliesOnTheSample() throws IOException {
        InProcessMember sample = new InProcessMember();
        Random random = new Random(20261207);
        TreeMap<String, Integer> commandsRun = new TreeMap<>();
        try (RespClient real = new RespClient("127.0.0.1", port)) {
            assertThat(real.run(List.of("FLUSHALL"))).isEqualTo("+OK");
            for (int step = 0; step < 6000; step++) {
                List<String> command = next(random);
                commandsRun.merge(command.get(0), 1, Integer::sum);
                Object expected;
                Object actual;
                String name = command.get(0).toLowerCase(java.util.Locale.ROOT);
                if (name.equals("hscan") || name.equals("sscan") || name.equals("zscan")) {
                    expected = fullScan(command, c -> real.run(c));
                    actual = fullScan(command, c -> sample.run(System.currentTimeMillis(), c));
                } else {
                    expected = normalize(name, command, real.run(command));
                    actual = normalize(name, command, sample.run(System.currentTimeMillis(), command));
                }
                assertThat(actual).as("step %d: %s", step, command).isEqualTo(expected);
                if (substantial(expected)) {
                    commandsRun.merge(command.get(0) + " (non-empty)", 1, Integer::sum);
                }
                if (expected instanceof String text && text.startsWith("-")) {
                    commandsRun.merge(text.startsWith("-WRONGTYPE") ? "(WRONGTYPE)" : "(other error)", 1, Integer::sum);
                }
            }
            // the final states agree too
            Object keys = normalize("smembers", List.of(), real.run(List.of("KEYS", "*")));
            assertThat(normalize("smembers", List.of(), sample.run(System.currentTimeMillis(), List.of("KEYS", "*"))))
                    .isEqualTo(keys);
        }
        System.out.println("differential coverage: " + commandsRun);
        // every command family was exercised, each more than a handful of times
        assertThat(commandsRun.keySet()).contains("HSET", "HINCRBYFLOAT", "HSCAN", "LPUSH", "LMOVE", "LTRIM", "SADD",
                "SINTERSTORE", "SSCAN", "SRANDMEMBER", "ZADD", "ZRANGE", "ZRANGEBYSCORE", "ZPOPMIN", "ZSCAN", "TYPE", "DEL");
        assertThat(commandsRun.entrySet()).filteredOn(e -> !e.getKey().contains("(")).allMatch(e -> e.getValue() >= 20);
        // and the replies compared were not merely empty
        for (String command : List.of("HGETALL", "HSCAN", "LRANGE", "LPOP", "SMEMBERS", "SUNION", "SSCAN", "SPOP", "ZRANGE",
                "ZRANGEBYSCORE", "ZPOPMIN", "ZSCAN")) {
            assertThat(commandsRun.getOrDefault(command + " (non-empty)", 0)).as(command).isGreaterThanOrEqualTo(10);
        }
        assertThat(commandsRun.get("(WRONGTYPE)")).isGreaterThan(200);
        assertThat(commandsRun.get("(other error)")).isGreaterThan(50);
    }

    /**
     * MULTI/EXEC/DISCARD/WATCH on a running one-member node against redis-server: random blocks of the
     * commands above (their queue-time arity errors abort a block, their runtime errors are replies
     * inside EXEC), sometimes discarded, sometimes under WATCH while a second connection reads or
     * overwrites the watched key, or the watching connection writes it itself. Only the outcomes Redis
     * and this store decide alike are drawn: a second connection's write to another key, or a write
     * that changes nothing, may abort here (a key-hash bucket moved) and not in Redis.
     */
    @Test
    void transactionsGetRedisRepliesOnARunningMember() throws IOException {
        Random random = new Random(20261208);
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        try (RunningMember member = new RunningMember();
             RespClient real = new RespClient("127.0.0.1", port); RespClient realOther = new RespClient("127.0.0.1", port);
             RespClient ours = member.client(); RespClient oursOther = member.client()) {
            assertThat(real.run(List.of("FLUSHALL"))).isEqualTo("+OK");
            // a cluster starts tracking WATCH with its first logged transaction (a watched first one
            // aborts, where Redis would not): one unwatched block first
            ours.run(List.of("MULTI"));
            ours.run(List.of("DEL", "nothing"));
            assertThat(ours.run(List.of("EXEC"))).isEqualTo(List.of(0L));
            for (int step = 0; step < 400; step++) {
                String watched = null;
                int interference = random.nextInt(4);
                if (random.nextBoolean()) {
                    watched = anyKey(random);
                    List<String> watch = List.of("WATCH", watched);
                    assertThat(ours.run(watch)).isEqualTo(real.run(watch));
                    List<String> meanwhile = switch (interference) {
                        case 0 -> null;
                        case 1 -> List.of("TYPE", watched);
                        default -> List.of("SET", watched, "overwritten");
                    };
                    if (meanwhile != null) {
                        RespClient realBy = interference == 3 ? real : realOther;
                        RespClient oursBy = interference == 3 ? ours : oursOther;
                        assertThat(oursBy.run(meanwhile)).as("step %d: %s", step, meanwhile).isEqualTo(realBy.run(meanwhile));
                    }
                }
                assertThat(ours.run(List.of("MULTI"))).isEqualTo(real.run(List.of("MULTI")));
                List<List<String>> block = new ArrayList<>();
                int size = random.nextInt(6);
                while (block.size() < size) {
                    List<String> command = next(random);
                    if (!command.get(0).endsWith("SCAN")) {
                        block.add(command);
                    }
                }
                if (!block.isEmpty() && random.nextInt(8) == 0) {
                    block.add(random.nextInt(block.size()), List.of("HSET", anyKey(random))); // arity: refused when queued
                }
                for (List<String> command : block) {
                    assertThat(ours.run(command)).as("step %d queuing %s", step, command).isEqualTo(real.run(command));
                }
                List<String> end = List.of(random.nextInt(10) == 0 ? "DISCARD" : "EXEC");
                Object expected = real.run(end);
                Object actual = ours.run(end);
                if (expected instanceof List<?> replies && actual instanceof List<?> ourReplies
                        && replies.size() == block.size() && ourReplies.size() == block.size()) {
                    List<Object> normalizedExpected = new ArrayList<>();
                    List<Object> normalizedActual = new ArrayList<>();
                    for (int i = 0; i < block.size(); i++) {
                        String name = block.get(i).get(0).toLowerCase(java.util.Locale.ROOT);
                        normalizedExpected.add(normalize(name, block.get(i), replies.get(i)));
                        normalizedActual.add(normalize(name, block.get(i), ourReplies.get(i)));
                    }
                    expected = normalizedExpected;
                    actual = normalizedActual;
                }
                assertThat(actual).as("step %d: %s %s watching %s", step, block, end, watched).isEqualTo(expected);
                outcomes.merge(expected == null ? "aborted by WATCH" : expected instanceof String s
                        ? s.split(" ")[0] : end.get(0) + " ran", 1, Integer::sum);
            }
            Object keys = normalize("smembers", List.of(), real.run(List.of("KEYS", "*")));
            assertThat(normalize("smembers", List.of(), ours.run(List.of("KEYS", "*")))).isEqualTo(keys);
            for (Object key : (List<?>) keys) {
                List<String> dump = List.of("TYPE", key.toString());
                assertThat(ours.run(dump)).isEqualTo(real.run(dump));
            }
        }
        System.out.println("transaction outcomes: " + outcomes);
        assertThat(outcomes.keySet()).contains("aborted by WATCH", "-EXECABORT", "EXEC ran", "+OK");
        assertThat(outcomes.get("aborted by WATCH")).isGreaterThan(20);
    }

    /** A reply that says something about the data: not nil, 0, an empty collection or an error. */
    private static boolean substantial(Object reply) {
        if (reply == null || Long.valueOf(0).equals(reply)) {
            return false;
        }
        if (reply instanceof String text) {
            return !text.startsWith("-");
        }
        if (reply instanceof List<?> list) {
            return !list.isEmpty();
        }
        return !(reply instanceof java.util.Map<?, ?> map) || !map.isEmpty();
    }

    private interface Runner {
        Object run(List<String> command) throws IOException;
    }

    /** Iterates HSCAN/SSCAN to the end with a small COUNT; the sorted union of everything returned. */
    @SuppressWarnings("unchecked")
    private static Object fullScan(List<String> command, Runner runner) throws IOException {
        List<String> all = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            Object reply = runner.run(List.of(command.get(0), command.get(1), cursor, "COUNT", "3"));
            if (!(reply instanceof List<?> page)) {
                return reply; // an error, e.g. WRONGTYPE
            }
            cursor = (String) page.get(0);
            List<Object> items = (List<Object>) page.get(1);
            if (!command.get(0).equals("SSCAN")) {
                for (int i = 0; i < items.size(); i += 2) {
                    all.add(items.get(i) + "=" + items.get(i + 1));
                }
            } else {
                items.forEach(item -> all.add((String) item));
            }
            assertThat(++calls).as("scan terminates").isLessThan(1000);
        } while (!cursor.equals("0"));
        return all.stream().distinct().sorted().toList();
    }

    @SuppressWarnings("unchecked")
    private static Object normalize(String name, List<String> command, Object reply) {
        if (!(reply instanceof List<?>)) {
            if (name.equals("srandmember") && reply instanceof String) {
                return "(a member)";
            }
            return reply;
        }
        List<Object> list = (List<Object>) reply;
        if (name.equals("srandmember")) {
            return list.size() + " members";
        }
        if (name.equals("hgetall")) {
            TreeMap<Object, Object> map = new TreeMap<>();
            for (int i = 0; i < list.size(); i += 2) {
                map.put(list.get(i), list.get(i + 1));
            }
            return map;
        }
        if (UNORDERED.contains(name)) {
            List<Object> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparing(String::valueOf));
            return sorted;
        }
        return list;
    }

    private static String anyKey(Random random) {
        return KEY_PREFIXES[random.nextInt(KEY_PREFIXES.length)] + random.nextInt(3);
    }

    private static String key(Random random, String prefix) {
        return random.nextInt(8) == 0 ? anyKey(random) : prefix + random.nextInt(3);
    }

    private static String item(Random random) {
        return ITEMS[random.nextInt(ITEMS.length)];
    }

    private static String index(Random random) {
        return Integer.toString(random.nextInt(13) - 6);
    }

    private static List<String> items(Random random, int min, int max) {
        List<String> items = new ArrayList<>();
        int n = min + random.nextInt(max - min + 1);
        for (int i = 0; i < n; i++) {
            items.add(item(random));
        }
        return items;
    }

    private static List<String> cmd(String name, Object... parts) {
        List<String> command = new ArrayList<>();
        command.add(name);
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(o -> command.add((String) o));
            } else {
                command.add((String) part);
            }
        }
        return command;
    }

    private static final String[] SCORES = {"1", "2", "2.5", "-1", "0", "1.1", "inf", "-inf", "3", "1e3"};

    private static String score(Random r) {
        return SCORES[r.nextInt(SCORES.length)];
    }

    private static List<String> zaddFlags(Random r) {
        List<String> flags = new ArrayList<>();
        for (String flag : List.of("NX", "XX", "GT", "LT", "CH")) {
            if (r.nextInt(6) == 0) {
                flags.add(flag);
            }
        }
        return flags;
    }

    private static List<String> zaddPairs(Random r, boolean bad) {
        List<String> pairs = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            pairs.add(score(r));
            pairs.add(item(r));
        }
        if (bad) {
            pairs.add(r.nextBoolean() ? "nan" : "1");
        }
        return pairs;
    }

    private static String scoreBound(Random r, boolean bad) {
        if (bad) {
            return "x";
        }
        String s = List.of("-inf", "+inf", "1", "2", "0", "2.5", "-1", "3").get(r.nextInt(8));
        return r.nextInt(3) == 0 && !s.endsWith("inf") ? "(" + s : s;
    }

    private static String lexBound(Random r, boolean bad) {
        return bad ? "b" : List.of("-", "+", "[a", "(c", "[e", "(1", "[g", "(a").get(r.nextInt(8));
    }

    private static List<String> zrange(Random r, String k, boolean bad) {
        int by = r.nextInt(3);
        boolean rev = r.nextBoolean();
        List<String> command = new ArrayList<>(List.of("ZRANGE", k));
        if (by == 0) {
            command.add(index(r));
            command.add(index(r));
        } else if (by == 1) {
            command.add(scoreBound(r, bad));
            command.add(scoreBound(r, false));
            command.add("BYSCORE");
        } else {
            command.add(lexBound(r, bad));
            command.add(lexBound(r, false));
            command.add("BYLEX");
        }
        if (rev) {
            command.add("REV");
        }
        if (by != 0 && r.nextBoolean() || bad && r.nextBoolean()) {
            command.addAll(List.of("LIMIT", Integer.toString(r.nextInt(4) - 1), Integer.toString(r.nextInt(5) - 1)));
        }
        if (by != 2 && r.nextBoolean() || bad && r.nextBoolean()) {
            command.add("WITHSCORES");
        }
        return command;
    }

    /** One random command; about one in twelve has a deliberately bad argument or count. */
    private static List<String> next(Random r) {
        boolean bad = r.nextInt(12) == 0;
        int which = r.nextInt(58);
        String prefix = which < 5 || which >= 43 && which <= 45 ? "str"
                : which < 18 ? "hash" : which < 32 ? "list" : which < 43 ? "set" : "zset";
        String k = which <= 1 ? key(r, "str") : prefix.equals("str") ? anyKey(r) : key(r, prefix);
        return switch (which) {
            case 0 -> cmd("SET", k, item(r));
            case 1 -> cmd("GET", k);
            case 2 -> cmd("DEL", k, key(r, prefix));
            case 3 -> cmd("TYPE", k);
            case 4 -> cmd("EXISTS", k, key(r, prefix));
            case 5 -> cmd("HSET", k, items(r, bad ? 1 : 2, bad ? 1 : 2), items(r, 0, 1).isEmpty() ? List.of() : List.of(item(r), item(r)));
            case 6 -> cmd("HSETNX", k, item(r), item(r));
            case 7 -> cmd("HGET", k, item(r));
            case 8 -> cmd("HMGET", k, items(r, bad ? 0 : 1, 3));
            case 9 -> cmd("HDEL", k, items(r, 1, 3));
            case 10 -> cmd("HEXISTS", k, item(r));
            case 11 -> cmd("HLEN", k);
            case 12 -> cmd("HGETALL", k);
            case 13 -> cmd("HKEYS", k);
            case 14 -> cmd("HVALS", k);
            case 15 -> cmd("HINCRBY", k, item(r), bad ? "1.5" : index(r));
            case 16 -> cmd("HINCRBYFLOAT", k, item(r), bad ? "abc" : List.of("1.5", "-0.25", "3", "0.1", "2e1").get(r.nextInt(5)));
            case 17 -> cmd("HSCAN", k);
            case 18 -> cmd("LPUSH", k, items(r, bad ? 0 : 1, 3));
            case 19 -> cmd("RPUSH", k, items(r, 1, 3));
            case 20 -> cmd("LPUSHX", k, items(r, 1, 2));
            case 21 -> cmd("RPUSHX", k, items(r, 1, 2));
            case 22 -> r.nextBoolean() ? cmd("LPOP", k) : cmd("LPOP", k, bad ? "-1" : Integer.toString(r.nextInt(4)));
            case 23 -> r.nextBoolean() ? cmd("RPOP", k) : cmd("RPOP", k, Integer.toString(r.nextInt(4)));
            case 24 -> cmd("LLEN", k);
            case 25 -> r.nextBoolean() ? cmd("LRANGE", k, "0", "-1") : cmd("LRANGE", k, index(r), bad ? "x" : index(r));
            case 26 -> cmd("LINDEX", k, bad ? "x" : index(r));
            case 27 -> cmd("LSET", k, bad ? "x" : index(r), item(r));
            case 28 -> cmd("LREM", k, Integer.toString(r.nextInt(5) - 2), item(r));
            case 29 -> cmd("LTRIM", k, index(r), index(r));
            case 30 -> cmd("LMOVE", k, key(r, prefix), bad ? "UP" : r.nextBoolean() ? "LEFT" : "right",
                    r.nextBoolean() ? "LEFT" : "RIGHT");
            case 31 -> cmd("RPOPLPUSH", k, key(r, prefix));
            case 32 -> cmd("SADD", k, items(r, bad ? 0 : 1, 4));
            case 33 -> cmd("SREM", k, items(r, 1, 3));
            case 34 -> cmd("SISMEMBER", k, item(r));
            case 35 -> cmd("SMISMEMBER", k, items(r, 1, 3));
            case 36 -> cmd("SMEMBERS", k);
            case 37 -> cmd("SCARD", k);
            case 38 -> cmd("SPOP", k, bad ? "-2" : "100");
            case 39 -> r.nextBoolean() ? cmd("SRANDMEMBER", k) : cmd("SRANDMEMBER", k, Integer.toString(r.nextInt(13) - 6));
            case 40 -> cmd(List.of("SINTER", "SUNION", "SDIFF").get(r.nextInt(3)), k, key(r, prefix), key(r, prefix));
            case 41 -> cmd(List.of("SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE").get(r.nextInt(3)), k, key(r, prefix), key(r, prefix));
            case 42 -> cmd("SSCAN", k);
            case 43 -> cmd("DBSIZE");
            case 44 -> cmd("EXPIRE", k, "100");
            case 45 -> cmd("TTL", k);
            case 46 -> cmd("ZADD", k, zaddFlags(r), zaddPairs(r, bad));
            case 47 -> cmd("ZREM", k, items(r, 1, 3));
            case 48 -> cmd("ZSCORE", k, item(r));
            case 49 -> cmd("ZINCRBY", k, bad ? "x" : score(r), item(r));
            case 50 -> cmd("ZCARD", k);
            case 51 -> cmd("ZCOUNT", k, scoreBound(r, bad), scoreBound(r, false));
            case 52 -> zrange(r, k, bad);
            case 53 -> cmd("ZRANGEBYSCORE", k, scoreBound(r, bad), scoreBound(r, false),
                    r.nextBoolean() ? List.of("WITHSCORES") : List.of(),
                    r.nextBoolean() ? List.of("LIMIT", Integer.toString(r.nextInt(4) - 1), Integer.toString(r.nextInt(5) - 1)) : List.of());
            case 54 -> cmd(r.nextBoolean() ? "ZRANK" : "ZREVRANK", k, item(r));
            case 55 -> r.nextBoolean() ? cmd(r.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", k)
                    : cmd(r.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", k, bad ? "-1" : Integer.toString(r.nextInt(4)));
            case 56 -> cmd("ZSCAN", k);
            case 57 -> cmd("ZADD", k, "INCR", r.nextBoolean() ? List.of(r.nextBoolean() ? "GT" : "XX") : List.of(), score(r), item(r));
            default -> throw new IllegalStateException();
        };
    }
}
