package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected replies are what redis-server 7.0 answered to the same commands. */
class ZSetCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final ZSetCommands zsets = new ZSetCommands(keyspace);

    private List<String> zrange(String... args) {
        return strings(zsets.zrange(NOW, b("z"), b(args[0]), b(args[1]), bs(java.util.Arrays.copyOfRange(args, 2, args.length))));
    }

    @Test
    void scoresPrintAsPercent17g() {
        assertThat(zsets.zadd(NOW, b("z"), bs("1.1", "a", "1e20", "b", "0.1", "c", "-0", "d", "inf", "e", "1e-5", "f",
                "123456789012345678", "g", "1e16", "h", "1e17", "i"))).isEqualTo(9L);
        assertThat(zrange("0", "-1", "WITHSCORES")).containsExactly("d", "0", "f", "1.0000000000000001e-05",
                "c", "0.10000000000000001", "a", "1.1000000000000001", "h", "10000000000000000", "i", "1e+17",
                "g", "1.2345678901234568e+17", "b", "1e+20", "e", "inf");
        assertThat(s(zsets.zscore(NOW, b("z"), b("a")))).isEqualTo("1.1000000000000001");
        assertThat(zsets.zscore(NOW, b("z"), b("nope"))).isNull();
        assertThat(new KeyCommands(keyspace).type(NOW, b("z"))).isEqualTo(SimpleReply.ZSET);
        assertThatThrownBy(() -> zsets.zincrby(NOW, b("z"), b("-inf"), b("e")))
                .hasMessage("ERR resulting score is not a number (NaN)");
    }

    @Test
    void zaddOptionsFollowRedis() {
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("nx", "xx", "1", "a")))
                .hasMessage("ERR XX and NX options at the same time are not compatible");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("gt", "lt", "1", "a")))
                .hasMessage("ERR GT, LT, and/or NX options at the same time are not compatible");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("nx", "gt", "1", "a")))
                .hasMessage("ERR GT, LT, and/or NX options at the same time are not compatible");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("incr", "1", "a", "2", "b")))
                .hasMessage("ERR INCR option supports a single increment-element pair");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("1", "a", "2"))).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("x", "a"))).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> zsets.zadd(NOW, b("z"), bs("nan", "a"))).hasMessage("ERR value is not a valid float");
        assertThat(zsets.zadd(NOW, b("z"), bs("incr", "xx", "1", "zz"))).isNull();
        assertThat(new KeyCommands(keyspace).exists(NOW, b("z"))).isZero();
        assertThat(zsets.zadd(NOW, b("z"), bs("1", "a", "2", "b"))).isEqualTo(2L);
        assertThat(zsets.zadd(NOW, b("z"), bs("ch", "gt", "0", "a", "5", "b", "3", "c"))).isEqualTo(2L);
        assertThat(zsets.zadd(NOW, b("z"), bs("lt", "0", "a"))).isEqualTo(0L);
        assertThat(s(zsets.zscore(NOW, b("z"), b("a")))).isEqualTo("0");
        assertThat(zsets.zadd(NOW, b("z"), bs("incr", "nx", "1", "a"))).isNull();
        assertThat(s((byte[]) zsets.zadd(NOW, b("z"), bs("xx", "ch", "incr", "5", "a")))).isEqualTo("5");
        assertThat(s(zsets.zincrby(NOW, b("z"), b("2.5"), b("new")))).isEqualTo("2.5");
        assertThatThrownBy(() -> zsets.zincrby(NOW, b("z"), b("abc"), b("a"))).hasMessage("ERR value is not a valid float");
    }

    @Test
    void rangesByRankScoreAndLex() {
        zsets.zadd(NOW, b("z"), bs("1", "a", "2", "b", "3", "c", "3", "d", "4", "e"));
        assertThat(zrange("(1", "5", "BYSCORE", "REV")).isEmpty();
        assertThat(zrange("5", "(1", "BYSCORE", "REV", "LIMIT", "1", "-1", "WITHSCORES"))
                .containsExactly("d", "3", "c", "3", "b", "2");
        assertThat(zrange("[b", "(d", "BYLEX")).containsExactly("b", "c");
        assertThat(zrange("+", "-", "BYLEX", "REV")).containsExactly("e", "d", "c", "b", "a");
        assertThat(zrange("-2", "-1", "REV", "WITHSCORES")).containsExactly("b", "2", "a", "1");
        assertThat(strings(zsets.zrangebyscore(NOW, b("z"), b("1"), b("3"), bs("LIMIT", "1", "-5")))).containsExactly("b", "c", "d");
        assertThat(zsets.zrangebyscore(NOW, b("z"), b("1"), b("3"), bs("LIMIT", "-1", "2"))).isEmpty();
        assertThat(strings(zsets.zrangebyscore(NOW, b("z"), b("("), b("3")))).containsExactly("a", "b", "c", "d");
        assertThat(zsets.zcount(NOW, b("z"), b("(1"), b("(3"))).isEqualTo(1);
        assertThat(zsets.zcount(NOW, b("z"), b("-inf"), b("+inf"))).isEqualTo(5);
        assertThat(zrange("0", "-1", "WITHSCORES", "WITHSCORES")).hasSize(10);
        assertThatThrownBy(() -> zrange("0", "-1", "LIMIT", "0", "1"))
                .hasMessage("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        assertThatThrownBy(() -> zrange("0", "-1", "BYLEX", "WITHSCORES"))
                .hasMessage("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        assertThatThrownBy(() -> zrange("a", "b", "BYSCORE")).hasMessage("ERR min or max is not a float");
        assertThatThrownBy(() -> zrange("[a", "b", "BYLEX")).hasMessage("ERR min or max not valid string range item");
        assertThatThrownBy(() -> zrange("0", "1", "BYSCORE", "BYSCORE")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> zsets.zrangebyscore(NOW, b("z"), b("0"), b("1"), bs("REV"))).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> zsets.zrangebyscore(NOW, b("z"), b("0"), b("1"), bs("LIMIT", "0"))).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> zsets.zcount(NOW, b("z"), b("x"), b("1"))).hasMessage("ERR min or max is not a float");
        assertThat(zsets.zrank(NOW, b("z"), b("c"))).isEqualTo(2L);
        assertThat(zsets.zrevrank(NOW, b("z"), b("a"))).isEqualTo(4L);
        assertThat(zsets.zrank(NOW, b("z"), b("zz"))).isNull();
    }

    @Test
    void popsAndRemovals() {
        zsets.zadd(NOW, b("z"), bs("1", "a", "2", "b", "3", "c", "4", "e"));
        assertThat(strings(zsets.zpopmax(NOW, b("z"), bs("2")))).containsExactly("e", "4", "c", "3");
        assertThat(strings(zsets.zpopmin(NOW, b("z")))).containsExactly("a", "1");
        assertThat(zsets.zpopmin(NOW, b("z"), bs("0"))).isEmpty();
        assertThat(zsets.zpopmin(NOW, b("nokey"))).isEmpty();
        assertThatThrownBy(() -> zsets.zpopmin(NOW, b("z"), bs("1", "2"))).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> zsets.zpopmin(NOW, b("z"), bs("-1"))).hasMessage("ERR value is out of range, must be positive");
        assertThat(zsets.zrem(NOW, b("z"), bs("b", "zz"))).isEqualTo(1);
        assertThat(new KeyCommands(keyspace).exists(NOW, b("z"))).isZero();
        assertThat(zsets.zcard(NOW, b("z"))).isZero();
    }

    @Test
    void everySortedSetCommandRefusesAnotherType() {
        new StringCommands(keyspace).set(NOW, b("s"), b("v"));
        List<Runnable> calls = List.of(
                () -> zsets.zadd(NOW, b("s"), bs("1", "a")), () -> zsets.zrem(NOW, b("s"), bs("a")),
                () -> zsets.zscore(NOW, b("s"), b("a")), () -> zsets.zincrby(NOW, b("s"), b("1"), b("a")),
                () -> zsets.zcard(NOW, b("s")), () -> zsets.zcount(NOW, b("s"), b("0"), b("1")),
                () -> zsets.zrange(NOW, b("s"), b("0"), b("1")), () -> zsets.zrank(NOW, b("s"), b("a")),
                () -> zsets.zpopmin(NOW, b("s")), () -> zsets.zscan(NOW, b("s"), b("0")));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).hasMessage(Errors.WRONGTYPE);
        }
    }

    @Test
    void zscanReturnsMembersWithScores() {
        for (int i = 0; i < 30; i++) {
            zsets.zadd(NOW, b("z"), bs(Integer.toString(i), "m" + i));
        }
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        String cursor = "0";
        do {
            List<Object> page = zsets.zscan(NOW, b("z"), b(cursor), bs("COUNT", "4"));
            cursor = s((byte[]) page.get(0));
            @SuppressWarnings("unchecked")
            List<byte[]> items = (List<byte[]>) page.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.put(s(items.get(i)), s(items.get(i + 1)));
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(30).containsEntry("m7", "7");
    }
}
