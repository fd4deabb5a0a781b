package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);

    @Test
    void keysAndValuesAreBinarySafe() {
        byte[] key = {0, (byte) 0xff, '\r', '\n', ' '};
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        strings.set(NOW, key, value);
        assertThat(strings.get(NOW, key.clone())).isEqualTo(value);
        assertThat(strings.get(NOW, new byte[] {0, (byte) 0xff, '\r', '\n'})).isNull();
        assertThat(strings.strlen(NOW, key)).isEqualTo(256);
    }

    @Test
    void emptyKeyAndEmptyValueAreOrdinary() {
        strings.set(NOW, b(""), b(""));
        assertThat(strings.get(NOW, b(""))).isEmpty();
        assertThat(strings.strlen(NOW, b(""))).isZero();
        assertThat(new KeyCommands(keyspace).exists(NOW, b(""))).isEqualTo(1);
    }

    @Test
    void getOfAMissingKeyIsNull() {
        assertThat(strings.get(NOW, b("nope"))).isNull();
        assertThat(strings.strlen(NOW, b("nope"))).isZero();
    }

    @Test
    void getdelReturnsAndRemoves() {
        strings.set(NOW, b("k"), b("v"));
        assertThat(s(strings.getdel(NOW, b("k")))).isEqualTo("v");
        assertThat(strings.getdel(NOW, b("k"))).isNull();
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void getsetReturnsTheOldValueAndDropsTheTtl() {
        assertThat(strings.getset(NOW, b("k"), b("1"))).isNull();
        strings.set(NOW, b("k"), b("2"), bs("EX", "10"));
        assertThat(s(strings.getset(NOW, b("k"), b("3")))).isEqualTo("2");
        assertThat(s(strings.get(NOW, b("k")))).isEqualTo("3");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
    }

    @Test
    void getexChangesOrRemovesTheExpiryAndReturnsTheValue() {
        assertThat(strings.getex(NOW, b("missing"), bs("EX", "5"))).isNull();
        assertThat(keyspace.storedCount()).isZero();
        strings.set(NOW, b("k"), b("v"));
        assertThat(s(strings.getex(NOW, b("k")))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
        assertThat(s(strings.getex(NOW, b("k"), bs("ex", "5")))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(5000);
        assertThat(s(strings.getex(NOW, b("k"), bs("PX", "700")))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(700);
        assertThat(s(strings.getex(NOW, b("k"), bs("PXAT", Long.toString(NOW + 900))))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(900);
        assertThat(s(strings.getex(NOW, b("k"), bs("EXAT", Long.toString(NOW / 1000 + 9))))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo((NOW / 1000 + 9) * 1000 - NOW);
        assertThat(s(strings.getex(NOW, b("k"), bs("PERSIST")))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
        // an absolute time already past deletes the key, and still answers its value
        assertThat(s(strings.getex(NOW, b("k"), bs("PXAT", Long.toString(NOW))))).isEqualTo("v");
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void getexOptionsFollowRedisRules() {
        strings.set(NOW, b("k"), b("v"));
        for (String options : new String[] {"EX 1 PERSIST", "PERSIST EX 1", "EX 1 PX 1", "NX", "KEEPTTL", "GET", "EX"}) {
            assertThatThrownBy(() -> strings.getex(NOW, b("k"), bs(options.split(" ")))).as(options)
                    .hasMessage("ERR syntax error");
        }
        assertThatThrownBy(() -> strings.getex(NOW, b("k"), bs("EX", "0")))
                .hasMessage("ERR invalid expire time in 'getex' command");
        assertThatThrownBy(() -> strings.getex(NOW, b("k"), bs("PX", "x")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
    }

    @Test
    void msetnxSetsAllOrNothing() {
        assertThat(strings.msetnx(NOW, bs("a", "1", "b", "2"))).isEqualTo(1);
        assertThat(strings.msetnx(NOW, bs("c", "3", "b", "9"))).isZero();
        assertThat(strings(strings.mget(NOW, bs("a", "b", "c")))).containsExactly("1", "2", null);
        strings.set(NOW, b("gone"), b("x"), bs("PX", "1"));
        assertThat(strings.msetnx(NOW + 5, bs("gone", "back", "d", "4"))).isEqualTo(1);
        assertThatThrownBy(() -> strings.msetnx(NOW, bs("e", "5", "f")))
                .hasMessage("ERR wrong number of arguments for 'msetnx' command");
    }

    @Test
    void msetAndMget() {
        assertThat(strings.mset(NOW, bs("a", "1", "b", "2", "a", "3"))).isEqualTo(SimpleReply.OK);
        assertThat(strings(strings.mget(NOW, bs("a", "missing", "b", "a"))))
                .containsExactly("3", null, "2", "3");
    }

    @Test
    void msetDropsExpiry() {
        strings.set(NOW, b("a"), b("1"), bs("EX", "5"));
        strings.mset(NOW, bs("a", "2"));
        assertThat(expiry.pttl(NOW, b("a"))).isEqualTo(-1);
    }

    @Test
    void msetWithAnOddNumberOfArgumentsIsAnArityError() {
        assertThatThrownBy(() -> strings.mset(NOW, bs("a", "1", "b")))
                .hasMessage("ERR wrong number of arguments for 'mset' command");
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void incrementsStartFromZeroAndKeepTheTtl() {
        assertThat(strings.incr(NOW, b("n"))).isEqualTo(1);
        assertThat(strings.incrby(NOW, b("n"), b("41"))).isEqualTo(42);
        assertThat(strings.decr(NOW, b("n"))).isEqualTo(41);
        assertThat(strings.decrby(NOW, b("n"), b("-9"))).isEqualTo(50);
        assertThat(strings.decrby(NOW, b("m"), b("5"))).isEqualTo(-5);
        assertThat(s(strings.get(NOW, b("n")))).isEqualTo("50");
        expiry.expire(NOW, b("n"), b("100"));
        strings.incr(NOW, b("n"));
        assertThat(expiry.ttl(NOW, b("n"))).isEqualTo(100);
    }

    @Test
    void incrementOfAnExpiredKeyStartsAgainWithoutTtl() {
        strings.set(NOW, b("n"), b("10"), bs("PX", "5"));
        assertThat(strings.incr(NOW + 6, b("n"))).isEqualTo(1);
        assertThat(expiry.pttl(NOW + 6, b("n"))).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", " 1", "1 ", "+1", "01", "1.0", "0x10", "-", "--1", "-0",
            "99999999999999999999", "9223372036854775808", "-9223372036854775809"})
    void aNonIntegerValueCannotBeIncremented(String value) {
        strings.set(NOW, b("k"), b(value));
        assertThatThrownBy(() -> strings.incr(NOW, b("k")))
                .isInstanceOf(CommandError.class).hasMessage("ERR value is not an integer or out of range");
        assertThat(s(strings.get(NOW, b("k")))).isEqualTo(value);
    }

    @Test
    void integerLimitsParseAndOverflowIsRefused() {
        strings.set(NOW, b("max"), b("9223372036854775807"));
        strings.set(NOW, b("min"), b("-9223372036854775808"));
        assertThatThrownBy(() -> strings.incr(NOW, b("max"))).hasMessage("ERR increment or decrement would overflow");
        assertThatThrownBy(() -> strings.decr(NOW, b("min"))).hasMessage("ERR increment or decrement would overflow");
        assertThatThrownBy(() -> strings.incrby(NOW, b("min"), b("-1")))
                .hasMessage("ERR increment or decrement would overflow");
        assertThat(strings.incrby(NOW, b("min"), b("9223372036854775807"))).isEqualTo(-1);
        assertThat(s(strings.get(NOW, b("max")))).isEqualTo("9223372036854775807");
    }

    @Test
    void incrementArgumentsAreCheckedLikeRedis() {
        assertThatThrownBy(() -> strings.incrby(NOW, b("k"), b("1x"))).hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> strings.decrby(NOW, b("k"), b("-9223372036854775808")))
                .hasMessage("ERR decrement would overflow");
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void appendCreatesOrExtendsAndKeepsTheTtl() {
        assertThat(strings.append(NOW, b("k"), b("Hello"))).isEqualTo(5);
        expiry.pexpire(NOW, b("k"), b("1000"));
        byte[] before = strings.get(NOW, b("k"));
        assertThat(strings.append(NOW, b("k"), b(" World"))).isEqualTo(11);
        assertThat(s(strings.get(NOW, b("k")))).isEqualTo("Hello World");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(1000);
        // values are never modified in place: a snapshot captured earlier keeps the old bytes
        assertThat(s(before)).isEqualTo("Hello");
    }

    @Test
    void setStoresTheCallersArrayWithoutCopyingAndGetReturnsIt() {
        byte[] value = b("shared");
        strings.set(NOW, b("k"), value);
        assertThat(strings.get(NOW, b("k"))).isSameAs(value);
        assertThat(Arrays.equals(strings.get(NOW, b("k")), b("shared"))).isTrue();
    }
}
