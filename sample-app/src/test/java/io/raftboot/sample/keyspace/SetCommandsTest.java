package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Redis set type (SADD and the rest); the string SET command is tested in {@link SetCommandTest}. */
class SetCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final SetCommands sets = new SetCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);

    @SuppressWarnings("unchecked")
    private static List<String> list(Object reply) {
        return strings((List<byte[]>) reply);
    }

    @Test
    void addRemoveAndMembership() {
        assertThat(sets.sadd(NOW, b("s"), bs("a", "b", "a"))).isEqualTo(2);
        assertThat(sets.sadd(NOW, b("s"), bs("b", "c"))).isEqualTo(1);
        assertThat(sets.scard(NOW, b("s"))).isEqualTo(3);
        assertThat(keys.type(NOW, b("s"))).isEqualTo(SimpleReply.SET);
        assertThat(sets.sismember(NOW, b("s"), b("a"))).isEqualTo(1);
        assertThat(sets.sismember(NOW, b("s"), b("z"))).isZero();
        assertThat(sets.smismember(NOW, b("s"), bs("z", "c"))).containsExactly(0L, 1L);
        assertThat(sets.smismember(NOW, b("nokey"), bs("z"))).containsExactly(0L);
        assertThat(strings(sets.smembers(NOW, b("s")))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(sets.srem(NOW, b("s"), bs("a", "z"))).isEqualTo(1);
        assertThat(sets.srem(NOW, b("s"), bs("b", "c"))).isEqualTo(2);
        assertThat(keys.exists(NOW, b("s"))).isZero();
        assertThat(sets.smembers(NOW, b("s"))).isEmpty();
    }

    @Test
    void smembersOrderDependsOnlyOnTheContents() {
        sets.sadd(NOW, b("s"), bs("x", "y", "z", "w"));
        Keyspace other = new Keyspace();
        SetCommands otherSets = new SetCommands(other);
        otherSets.sadd(NOW, b("s"), bs("w", "q", "z"));
        otherSets.srem(NOW, b("s"), bs("q"));
        otherSets.sadd(NOW, b("s"), bs("y", "x"));
        assertThat(strings(otherSets.smembers(NOW, b("s")))).isEqualTo(strings(sets.smembers(NOW, b("s"))));
    }

    @Test
    void spopIsDeterminedByTheSeed() {
        for (int i = 0; i < 50; i++) {
            sets.sadd(NOW, b("s"), b("m" + i));
        }
        Keyspace replica = new Keyspace();
        SetCommands replicaSets = new SetCommands(replica);
        for (int i = 49; i >= 0; i--) {
            replicaSets.sadd(NOW, b("s"), b("m" + i));
        }
        for (long seed = 1; seed <= 5; seed++) {
            Object one = sets.spop(NOW, seed, b("s"));
            assertThat(s((byte[]) one)).isEqualTo(s((byte[]) replicaSets.spop(NOW, seed, b("s"))));
            List<String> some = list(sets.spop(NOW, seed * 31, b("s"), b("4")));
            assertThat(some).hasSize(4).doesNotHaveDuplicates()
                    .isEqualTo(list(replicaSets.spop(NOW, seed * 31, b("s"), b("4"))));
        }
        assertThat(sets.scard(NOW, b("s"))).isEqualTo(25);
        assertThat(list(sets.spop(NOW, 9, b("s"), b("100")))).hasSize(25);
        assertThat(keys.exists(NOW, b("s"))).isZero();
        assertThat(sets.spop(NOW, 9, b("s"))).isNull();
        assertThat(list(sets.spop(NOW, 9, b("s"), b("2")))).isEmpty();
        assertThatThrownBy(() -> sets.spop(NOW, 1, b("s"), b("-1"))).hasMessage("ERR value is out of range, must be positive");
        assertThatThrownBy(() -> sets.spop(NOW, 1, b("s"), b("1"), b("2"))).hasMessage("ERR syntax error");
    }

    @Test
    void srandmemberCountsFollowRedis() {
        sets.sadd(NOW, b("s"), bs("a", "b", "c", "d", "e"));
        assertThat(List.of("a", "b", "c", "d", "e")).contains(s((byte[]) sets.srandmember(NOW, 7, b("s"))));
        assertThat(list(sets.srandmember(NOW, 7, b("s"), b("3")))).hasSize(3).doesNotHaveDuplicates();
        assertThat(list(sets.srandmember(NOW, 7, b("s"), b("30")))).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
        assertThat(list(sets.srandmember(NOW, 7, b("s"), b("-30")))).hasSize(30);
        assertThat(list(sets.srandmember(NOW, 7, b("s"), b("-30")))).isEqualTo(list(sets.srandmember(NOW, 7, b("s"), b("-30"))));
        assertThat(list(sets.srandmember(NOW, 7, b("s"), b("0")))).isEmpty();
        assertThat(sets.srandmember(NOW, 7, b("nokey"))).isNull();
        assertThat(list(sets.srandmember(NOW, 7, b("nokey"), b("-3")))).isEmpty();
        assertThat(sets.scard(NOW, b("s"))).isEqualTo(5);
        // many seeds reach every member
        HashSet<String> reached = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            reached.add(s((byte[]) sets.srandmember(NOW, seed, b("s"))));
        }
        assertThat(reached).hasSize(5);
        assertThatThrownBy(() -> sets.srandmember(NOW, 1, b("s"), b("1"), b("2"))).hasMessage("ERR syntax error");
    }

    @Test
    void algebraAndStoreForms() {
        sets.sadd(NOW, b("a"), bs("1", "2", "3", "4"));
        sets.sadd(NOW, b("b"), bs("3", "4", "5"));
        sets.sadd(NOW, b("c"), bs("4", "6"));
        assertThat(strings(sets.sinter(NOW, bs("a", "b", "c")))).containsExactly("4");
        assertThat(strings(sets.sinter(NOW, bs("a", "nokey")))).isEmpty();
        assertThat(strings(sets.sunion(NOW, bs("a", "b", "nokey")))).containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(strings(sets.sdiff(NOW, bs("a", "b", "nokey")))).containsExactlyInAnyOrder("1", "2");
        assertThat(strings(sets.sdiff(NOW, bs("nokey", "a")))).isEmpty();
        new StringCommands(keyspace).set(NOW, b("dst"), b("was a string"));
        assertThat(sets.sunionstore(NOW, b("dst"), bs("a", "c"))).isEqualTo(5);
        assertThat(keys.type(NOW, b("dst"))).isEqualTo(SimpleReply.SET);
        assertThat(sets.sinterstore(NOW, b("i"), bs("a", "b"))).isEqualTo(2);
        assertThat(sets.sdiffstore(NOW, b("dst"), bs("c", "a"))).isEqualTo(1);
        assertThat(strings(sets.smembers(NOW, b("dst")))).containsExactly("6");
        assertThat(sets.sinterstore(NOW, b("dst"), bs("a", "nokey"))).isZero();
        assertThat(keys.exists(NOW, b("dst"))).isZero();
        new StringCommands(keyspace).set(NOW, b("str"), b("v"));
        assertThatThrownBy(() -> sets.sinter(NOW, bs("nokey", "str"))).hasMessage(Errors.WRONGTYPE);
        assertThatThrownBy(() -> sets.sdiff(NOW, bs("nokey", "str"))).hasMessage(Errors.WRONGTYPE);
        assertThatThrownBy(() -> sets.sunionstore(NOW, b("d"), bs("a", "str"))).hasMessage(Errors.WRONGTYPE);
    }

    @Test
    void everySetCommandRefusesAnotherType() {
        new ListCommands(keyspace).rpush(NOW, b("l"), bs("x"));
        List<Runnable> calls = List.of(
                () -> sets.sadd(NOW, b("l"), bs("a")), () -> sets.srem(NOW, b("l"), bs("a")),
                () -> sets.sismember(NOW, b("l"), b("a")), () -> sets.smismember(NOW, b("l"), bs("a")),
                () -> sets.smembers(NOW, b("l")), () -> sets.scard(NOW, b("l")), () -> sets.spop(NOW, 1, b("l")),
                () -> sets.srandmember(NOW, 1, b("l")), () -> sets.sscan(NOW, b("l"), b("0")));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).hasMessage(Errors.WRONGTYPE);
        }
    }

    @Test
    void sscanReturnsEveryMemberPresentThroughoutDespiteWrites() {
        for (int i = 0; i < 200; i++) {
            sets.sadd(NOW, b("s"), b("m" + i));
        }
        HashSet<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            List<Object> page = sets.sscan(NOW, b("s"), b(cursor), bs("COUNT", "15"));
            cursor = s((byte[]) page.get(0));
            seen.addAll(list(page.get(1)));
            // churn: add and remove other members while the iteration runs
            sets.sadd(NOW, b("s"), b("new" + round));
            sets.srem(NOW, b("s"), b("new" + (round - 1)));
            round++;
        } while (!cursor.equals("0"));
        for (int i = 0; i < 200; i++) {
            assertThat(seen).contains("m" + i);
        }
    }
}
