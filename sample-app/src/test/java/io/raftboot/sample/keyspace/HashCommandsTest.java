package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final HashCommands hashes = new HashCommands(keyspace);
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);

    @Test
    void hsetCountsNewFieldsAndHgetReadsThem() {
        assertThat(hashes.hset(NOW, b("h"), bs("a", "1", "b", "2"))).isEqualTo(2);
        assertThat(hashes.hset(NOW, b("h"), bs("a", "10", "c", "3"))).isEqualTo(1);
        assertThat(s(hashes.hget(NOW, b("h"), b("a")))).isEqualTo("10");
        assertThat(hashes.hget(NOW, b("h"), b("zz"))).isNull();
        assertThat(hashes.hget(NOW, b("nokey"), b("a"))).isNull();
        assertThat(hashes.hlen(NOW, b("h"))).isEqualTo(3);
        assertThat(hashes.hexists(NOW, b("h"), b("c"))).isEqualTo(1);
        assertThat(hashes.hexists(NOW, b("h"), b("d"))).isZero();
        assertThat(keys.type(NOW, b("h"))).isEqualTo(SimpleReply.HASH);
        assertThatThrownBy(() -> hashes.hset(NOW, b("h"), bs("a", "1", "b")))
                .hasMessage("ERR wrong number of arguments for 'hset' command");
    }

    @Test
    void hsetnxOnlySetsAbsentFields() {
        assertThat(hashes.hsetnx(NOW, b("h"), b("f"), b("1"))).isEqualTo(1);
        assertThat(hashes.hsetnx(NOW, b("h"), b("f"), b("2"))).isZero();
        assertThat(s(hashes.hget(NOW, b("h"), b("f")))).isEqualTo("1");
    }

    @Test
    void hmgetHgetallHkeysHvalsAgreeOnOneOrder() {
        hashes.hset(NOW, b("h"), bs("x", "1", "y", "2", "z", "3"));
        assertThat(strings(hashes.hmget(NOW, b("h"), bs("y", "nope", "x")))).containsExactly("2", null, "1");
        assertThat(strings(hashes.hmget(NOW, b("nokey"), bs("a", "b")))).containsExactly(null, null);
        List<String> all = strings(hashes.hgetall(NOW, b("h")));
        List<String> fields = strings(hashes.hkeys(NOW, b("h")));
        List<String> values = strings(hashes.hvals(NOW, b("h")));
        assertThat(fields).containsExactlyInAnyOrder("x", "y", "z");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            pairs.add(fields.get(i));
            pairs.add(values.get(i));
        }
        assertThat(all).isEqualTo(pairs);
        // the order depends on the contents only, not on the order of writes
        Keyspace other = new Keyspace();
        new HashCommands(other).hset(NOW, b("h"), bs("z", "3", "x", "1", "y", "2"));
        assertThat(strings(new HashCommands(other).hgetall(NOW, b("h")))).isEqualTo(all);
        assertThat(hashes.hgetall(NOW, b("nokey"))).isEmpty();
    }

    @Test
    void hdelRemovesFieldsAndTheKeyWithTheLast() {
        hashes.hset(NOW, b("h"), bs("a", "1", "b", "2"));
        assertThat(hashes.hdel(NOW, b("h"), bs("a", "a", "zz"))).isEqualTo(1);
        assertThat(hashes.hdel(NOW, b("h"), bs("b"))).isEqualTo(1);
        assertThat(keys.exists(NOW, b("h"))).isZero();
        assertThat(hashes.hdel(NOW, b("h"), bs("b"))).isZero();
    }

    @Test
    void hincrbyFollowsRedisRules() {
        assertThat(hashes.hincrby(NOW, b("h"), b("n"), b("5"))).isEqualTo(5);
        assertThat(hashes.hincrby(NOW, b("h"), b("n"), b("-7"))).isEqualTo(-2);
        hashes.hset(NOW, b("h"), bs("s", "abc", "max", Long.toString(Long.MAX_VALUE)));
        assertThatThrownBy(() -> hashes.hincrby(NOW, b("h"), b("s"), b("1"))).hasMessage("ERR hash value is not an integer");
        assertThatThrownBy(() -> hashes.hincrby(NOW, b("h"), b("n"), b("x")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> hashes.hincrby(NOW, b("h"), b("max"), b("1")))
                .hasMessage("ERR increment or decrement would overflow");
    }

    @Test
    void hincrbyfloatPrintsLikeRedis() {
        assertThat(s(hashes.hincrbyfloat(NOW, b("h"), b("f"), b("0.1")))).isEqualTo("0.1");
        assertThat(s(hashes.hincrbyfloat(NOW, b("h"), b("f"), b("0.2")))).isEqualTo("0.3");
        assertThat(s(hashes.hincrbyfloat(NOW, b("h"), b("g"), b("1e3")))).isEqualTo("1000");
        assertThat(s(hashes.hincrbyfloat(NOW, b("h"), b("g"), b("5.0e-1")))).isEqualTo("1000.5");
        assertThat(s(hashes.hincrbyfloat(NOW, b("h"), b("g"), b("-1000.5")))).isEqualTo("0");
        assertThatThrownBy(() -> hashes.hincrbyfloat(NOW, b("h"), b("f"), b("abc"))).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> hashes.hincrbyfloat(NOW, b("h"), b("f"), b(" 1"))).hasMessage("ERR value is not a valid float");
        assertThatThrownBy(() -> hashes.hincrbyfloat(NOW, b("h"), b("f"), b("inf"))).hasMessage("ERR value is NaN or Infinity");
        hashes.hset(NOW, b("h"), bs("s", "x"));
        assertThatThrownBy(() -> hashes.hincrbyfloat(NOW, b("h"), b("s"), b("1"))).hasMessage("ERR hash value is not a float");
    }

    @Test
    void everyHashCommandRefusesAnotherType() {
        strings.set(NOW, b("str"), b("v"));
        List<Runnable> calls = List.of(
                () -> hashes.hset(NOW, b("str"), bs("a", "1")), () -> hashes.hsetnx(NOW, b("str"), b("a"), b("1")),
                () -> hashes.hget(NOW, b("str"), b("a")), () -> hashes.hmget(NOW, b("str"), bs("a")),
                () -> hashes.hdel(NOW, b("str"), bs("a")), () -> hashes.hexists(NOW, b("str"), b("a")),
                () -> hashes.hlen(NOW, b("str")), () -> hashes.hgetall(NOW, b("str")), () -> hashes.hkeys(NOW, b("str")),
                () -> hashes.hvals(NOW, b("str")), () -> hashes.hincrby(NOW, b("str"), b("a"), b("1")),
                () -> hashes.hincrbyfloat(NOW, b("str"), b("a"), b("1")), () -> hashes.hscan(NOW, b("str"), b("0")));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).hasMessage(Errors.WRONGTYPE);
        }
        hashes.hset(NOW, b("h"), bs("a", "1"));
        assertThatThrownBy(() -> strings.get(NOW, b("h"))).hasMessage(Errors.WRONGTYPE);
        assertThatThrownBy(() -> strings.incr(NOW, b("h"))).hasMessage(Errors.WRONGTYPE);
        assertThatThrownBy(() -> strings.set(NOW, b("h"), b("v"), bs("GET"))).hasMessage(Errors.WRONGTYPE);
        assertThat(strings.mget(NOW, bs("h", "str"))).satisfiesExactly(v -> assertThat(v).isNull(), v -> assertThat(s(v)).isEqualTo("v"));
        // SET replaces a key of any type
        assertThat(strings.set(NOW, b("h"), b("v"))).isEqualTo(SimpleReply.OK);
        assertThat(keys.type(NOW, b("h"))).isEqualTo(SimpleReply.STRING);
    }

    @Test
    void hscanWalksEveryFieldWithAStableCursor() {
        for (int i = 0; i < 100; i++) {
            hashes.hset(NOW, b("h"), bs("f" + i, "v" + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        do {
            List<Object> page = hashes.hscan(NOW, b("h"), b(cursor), bs("COUNT", "7", "MATCH", "f1*"));
            cursor = s((byte[]) page.get(0));
            @SuppressWarnings("unchecked")
            List<byte[]> items = (List<byte[]>) page.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                assertThat(s(items.get(i + 1))).isEqualTo("v" + s(items.get(i)).substring(1));
                seen.add(s(items.get(i)));
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(11).allMatch(f -> f.startsWith("f1"));
        assertThat(hashes.hscan(NOW, b("nokey"), b("0"))).isEqualTo(ElementScan.empty());
        assertThatThrownBy(() -> hashes.hscan(NOW, b("h"), b("x"))).hasMessage("ERR invalid cursor");
        assertThatThrownBy(() -> hashes.hscan(NOW, b("h"), b("0"), bs("COUNT", "0"))).hasMessage("ERR syntax error");
    }

    @Test
    void hscanReturnsEveryFieldPresentThroughoutWhileTheHashGrowsAndShrinks() {
        for (int i = 0; i < 100; i++) {
            hashes.hset(NOW, b("h"), bs("stay:" + i, "v"));
        }
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int page = 0;
        do {
            List<Object> reply = hashes.hscan(NOW, b("h"), b(cursor), bs("COUNT", "10"));
            cursor = s((byte[]) reply.get(0));
            @SuppressWarnings("unchecked")
            List<byte[]> items = (List<byte[]>) reply.get(1);
            for (int i = 0; i < items.size(); i += 2) {
                seen.add(s(items.get(i)));
            }
            // the first pages grow the hash's table (its segments split), the later ones shrink it (they merge)
            for (int i = 0; i < 100; i++) {
                String field = "moving:" + (page * 100 + i);
                if (page < 20) {
                    hashes.hset(NOW, b("h"), bs(field, "x"));
                } else {
                    hashes.hdel(NOW, b("h"), bs("moving:" + ((page - 20) * 100 + i)));
                }
            }
            page++;
        } while (!cursor.equals("0"));
        assertThat(page).isGreaterThan(20);
        for (int i = 0; i < 100; i++) {
            assertThat(seen).contains("stay:" + i);
        }
    }

    @Test
    void expiryAppliesToHashes() {
        hashes.hset(NOW, b("h"), bs("a", "1"));
        new ExpiryCommands(keyspace).pexpire(NOW, b("h"), b("100"));
        assertThat(new ExpiryCommands(keyspace).pttl(NOW, b("h"))).isEqualTo(100);
        hashes.hset(NOW + 10, b("h"), bs("b", "2"));
        assertThat(new ExpiryCommands(keyspace).pttl(NOW + 10, b("h"))).isEqualTo(90);
        assertThat(hashes.hlen(NOW + 101, b("h"))).isZero();
        // an expired hash is absent for a write: a new one starts without expiry
        assertThat(hashes.hset(NOW + 200, b("h"), bs("c", "3"))).isEqualTo(1);
        assertThat(hashes.hlen(NOW + 200, b("h"))).isEqualTo(1);
        assertThat(new ExpiryCommands(keyspace).pttl(NOW + 200, b("h"))).isEqualTo(-1);
    }
}
