package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.NullArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final ListCommands lists = new ListCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);

    private List<String> all(String key) {
        return strings(lists.lrange(NOW, b(key), b("0"), b("-1")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> popped(Object reply) {
        return strings((List<byte[]>) reply);
    }

    @Test
    void pushesAndPopsAtBothEnds() {
        assertThat(lists.lpush(NOW, b("l"), bs("a", "b", "c"))).isEqualTo(3);
        assertThat(lists.rpush(NOW, b("l"), bs("d", "e"))).isEqualTo(5);
        assertThat(all("l")).containsExactly("c", "b", "a", "d", "e");
        assertThat(keys.type(NOW, b("l"))).isEqualTo(SimpleReply.LIST);
        assertThat(s((byte[]) lists.lpop(NOW, b("l")))).isEqualTo("c");
        assertThat(s((byte[]) lists.rpop(NOW, b("l")))).isEqualTo("e");
        assertThat(popped(lists.lpop(NOW, b("l"), b("2")))).containsExactly("b", "a");
        assertThat(popped(lists.rpop(NOW, b("l"), b("0")))).isEmpty();
        assertThat(popped(lists.rpop(NOW, b("l"), b("10")))).containsExactly("d");
        assertThat(keys.exists(NOW, b("l"))).isZero();
        assertThat(lists.lpop(NOW, b("l"))).isNull();
        assertThat(lists.lpop(NOW, b("l"), b("2"))).isSameAs(NullArray.INSTANCE); // Redis 7: *-1
        assertThatThrownBy(() -> lists.lpop(NOW, b("l"), b("-1"))).hasMessage("ERR value is out of range, must be positive");
        assertThatThrownBy(() -> lists.lpop(NOW, b("l"), b("1"), b("2")))
                .hasMessage("ERR wrong number of arguments for 'lpop' command");
    }

    @Test
    void manyPushesAndPopsWrapTheRingLikeADeque() {
        java.util.ArrayDeque<String> model = new java.util.ArrayDeque<>();
        java.util.Random random = new java.util.Random(5);
        for (int step = 0; step < 5000; step++) {
            String element = "e" + step;
            switch (random.nextInt(4)) {
                case 0 -> {
                    lists.lpush(NOW, b("l"), b(element));
                    model.addFirst(element);
                }
                case 1 -> {
                    lists.rpush(NOW, b("l"), b(element));
                    model.addLast(element);
                }
                case 2 -> assertThat(s((byte[]) lists.lpop(NOW, b("l")))).isEqualTo(model.pollFirst());
                default -> assertThat(s((byte[]) lists.rpop(NOW, b("l")))).isEqualTo(model.pollLast());
            }
            if (step % 500 == 0) {
                assertThat(all("l")).containsExactlyElementsOf(model);
            }
        }
        assertThat(all("l")).containsExactlyElementsOf(model);
    }

    @Test
    void pushxOnlyOntoExistingLists() {
        assertThat(lists.lpushx(NOW, b("l"), bs("a"))).isZero();
        assertThat(keys.exists(NOW, b("l"))).isZero();
        lists.rpush(NOW, b("l"), bs("m"));
        assertThat(lists.lpushx(NOW, b("l"), bs("a"))).isEqualTo(2);
        assertThat(lists.rpushx(NOW, b("l"), bs("z", "zz"))).isEqualTo(4);
        assertThat(all("l")).containsExactly("a", "m", "z", "zz");
    }

    @Test
    void lrangeAndLindexClampLikeRedis() {
        lists.rpush(NOW, b("l"), bs("0", "1", "2", "3", "4"));
        assertThat(strings(lists.lrange(NOW, b("l"), b("1"), b("2")))).containsExactly("1", "2");
        assertThat(strings(lists.lrange(NOW, b("l"), b("-2"), b("100")))).containsExactly("3", "4");
        assertThat(strings(lists.lrange(NOW, b("l"), b("-100"), b("0")))).containsExactly("0");
        assertThat(lists.lrange(NOW, b("l"), b("3"), b("1"))).isEmpty();
        assertThat(lists.lrange(NOW, b("l"), b("5"), b("10"))).isEmpty();
        assertThat(lists.lrange(NOW, b("nokey"), b("0"), b("-1"))).isEmpty();
        assertThatThrownBy(() -> lists.lrange(NOW, b("l"), b("a"), b("b")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThat(s(lists.lindex(NOW, b("l"), b("-5")))).isEqualTo("0");
        assertThat(lists.lindex(NOW, b("l"), b("5"))).isNull();
        assertThat(lists.lindex(NOW, b("l"), b("-6"))).isNull();
    }

    @Test
    void lsetLremLtrim() {
        assertThatThrownBy(() -> lists.lset(NOW, b("l"), b("0"), b("x"))).hasMessage("ERR no such key");
        // as in Redis, the key is looked up before the index is parsed
        assertThatThrownBy(() -> lists.lset(NOW, b("l"), b("x"), b("x"))).hasMessage("ERR no such key");
        assertThat(lists.lindex(NOW, b("l"), b("x"))).isNull();
        lists.rpush(NOW, b("l"), bs("a", "b", "a", "c", "a"));
        assertThat(lists.lset(NOW, b("l"), b("-1"), b("A"))).isEqualTo(SimpleReply.OK);
        assertThatThrownBy(() -> lists.lset(NOW, b("l"), b("5"), b("x"))).hasMessage("ERR index out of range");
        assertThat(all("l")).containsExactly("a", "b", "a", "c", "A");
        assertThat(lists.lrem(NOW, b("l"), b("-1"), b("a"))).isEqualTo(1);
        assertThat(all("l")).containsExactly("a", "b", "c", "A");
        lists.rpush(NOW, b("l"), bs("a", "a"));
        assertThat(lists.lrem(NOW, b("l"), b("2"), b("a"))).isEqualTo(2);
        assertThat(all("l")).containsExactly("b", "c", "A", "a");
        assertThat(lists.lrem(NOW, b("l"), b("0"), b("zz"))).isZero();
        assertThat(lists.ltrim(NOW, b("l"), b("1"), b("-2"))).isEqualTo(SimpleReply.OK);
        assertThat(all("l")).containsExactly("c", "A");
        assertThat(lists.ltrim(NOW, b("l"), b("5"), b("10"))).isEqualTo(SimpleReply.OK);
        assertThat(keys.exists(NOW, b("l"))).isZero();
        assertThat(lists.ltrim(NOW, b("nokey"), b("0"), b("1"))).isEqualTo(SimpleReply.OK);
        lists.rpush(NOW, b("l2"), bs("x", "x"));
        assertThat(lists.lrem(NOW, b("l2"), b("0"), b("x"))).isEqualTo(2);
        assertThat(keys.exists(NOW, b("l2"))).isZero();
    }

    @Test
    void lmoveAndRpoplpush() {
        lists.rpush(NOW, b("src"), bs("a", "b", "c"));
        assertThat(s(lists.lmove(NOW, b("src"), b("dst"), b("left"), b("RIGHT")))).isEqualTo("a");
        assertThat(s(lists.rpoplpush(NOW, b("src"), b("dst")))).isEqualTo("c");
        assertThat(all("dst")).containsExactly("c", "a");
        // the same list: a rotation
        assertThat(s(lists.lmove(NOW, b("dst"), b("dst"), b("LEFT"), b("RIGHT")))).isEqualTo("c");
        assertThat(all("dst")).containsExactly("a", "c");
        lists.lmove(NOW, b("src"), b("dst"), b("LEFT"), b("LEFT"));
        assertThat(keys.exists(NOW, b("src"))).isZero();
        assertThat(lists.lmove(NOW, b("src"), b("dst"), b("LEFT"), b("LEFT"))).isNull();
        assertThatThrownBy(() -> lists.lmove(NOW, b("dst"), b("x"), b("UP"), b("LEFT"))).hasMessage("ERR syntax error");
        new StringCommands(keyspace).set(NOW, b("str"), b("v"));
        assertThat(lists.lmove(NOW, b("nokey"), b("str"), b("LEFT"), b("LEFT"))).isNull();
        assertThatThrownBy(() -> lists.lmove(NOW, b("dst"), b("str"), b("LEFT"), b("LEFT"))).hasMessage(Errors.WRONGTYPE);
        assertThat(all("dst")).containsExactly("b", "a", "c");
    }

    @Test
    void everyListCommandRefusesAnotherType() {
        new HashCommands(keyspace).hset(NOW, b("h"), bs("f", "v"));
        List<Runnable> calls = List.of(
                () -> lists.lpush(NOW, b("h"), bs("a")), () -> lists.rpush(NOW, b("h"), bs("a")),
                () -> lists.lpushx(NOW, b("h"), bs("a")), () -> lists.rpushx(NOW, b("h"), bs("a")),
                () -> lists.lpop(NOW, b("h")), () -> lists.rpop(NOW, b("h"), b("1")), () -> lists.llen(NOW, b("h")),
                () -> lists.lrange(NOW, b("h"), b("0"), b("1")), () -> lists.lindex(NOW, b("h"), b("0")),
                () -> lists.lset(NOW, b("h"), b("0"), b("x")), () -> lists.lrem(NOW, b("h"), b("0"), b("x")),
                () -> lists.ltrim(NOW, b("h"), b("0"), b("1")), () -> lists.rpoplpush(NOW, b("h"), b("x")));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).hasMessage(Errors.WRONGTYPE);
        }
    }
}
