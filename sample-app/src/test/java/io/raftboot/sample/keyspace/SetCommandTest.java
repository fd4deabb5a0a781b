package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SetCommandTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);

    private Object set(String key, String value, String... options) {
        return strings.set(NOW, b(key), b(value), bs(options));
    }

    private static Object reply(Object r) {
        return r instanceof byte[] bytes ? s(bytes) : r;
    }

    @Test
    void plainSetStoresAndDropsAnExistingTtl() {
        assertThat(set("k", "v1", "EX", "100")).isEqualTo(SimpleReply.OK);
        assertThat(set("k", "v2")).isEqualTo(SimpleReply.OK);
        assertThat(s(strings.get(NOW, b("k")))).isEqualTo("v2");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
    }

    @Test
    void expiryUnitsResolveAgainstTheEntryTime() {
        set("ex", "v", "EX", "10");
        set("px", "v", "PX", "1500");
        set("exat", "v", "EXAT", Long.toString(NOW / 1000 + 20));
        set("pxat", "v", "PXAT", Long.toString(NOW + 2500));
        assertThat(expiry.pttl(NOW, b("ex"))).isEqualTo(10_000);
        assertThat(expiry.pttl(NOW, b("px"))).isEqualTo(1500);
        assertThat(expiry.pttl(NOW, b("exat"))).isEqualTo(20_000);
        assertThat(expiry.pttl(NOW, b("pxat"))).isEqualTo(2500);
    }

    @Test
    void optionsAreCaseInsensitive() {
        assertThat(set("k", "v", "px", "100", "nx", "get")).isNull();
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(100);
        assertThat(reply(set("k", "w", "Xx", "kEePtTl", "GeT"))).isEqualTo("v");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(100);
    }

    @Test
    void pastAbsoluteExpiryStoresAKeyThatIsAlreadyGone() {
        assertThat(set("k", "v", "PXAT", Long.toString(NOW - 1))).isEqualTo(SimpleReply.OK);
        assertThat(strings.get(NOW, b("k"))).isNull();
        assertThat(keyspace.liveCount(NOW)).isZero();
    }

    /** Every combination of the condition, GET and expiry options on an absent and a present key. */
    static Stream<Arguments> combinations() {
        List<Arguments> all = new ArrayList<>();
        for (String condition : new String[] {null, "NX", "XX"}) {
            for (boolean get : new boolean[] {false, true}) {
                for (String expiry : new String[] {null, "EX", "PX", "EXAT", "PXAT", "KEEPTTL"}) {
                    for (boolean present : new boolean[] {false, true}) {
                        all.add(Arguments.of(condition, get, expiry, present));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} GET={1} {2} present={3}")
    @MethodSource("combinations")
    void everyOptionCombinationBehavesLikeRedis(String condition, boolean get, String expiryOption, boolean present) {
        if (present) {
            set("k", "old", "PX", "5000");
        }
        List<String> options = new ArrayList<>();
        if (condition != null) {
            options.add(condition);
        }
        if (get) {
            options.add("GET");
        }
        long expectedPttl = -1;
        if (expiryOption != null) {
            options.add(expiryOption);
            switch (expiryOption) {
                case "EX" -> {
                    options.add("7");
                    expectedPttl = 7000;
                }
                case "PX" -> {
                    options.add("700");
                    expectedPttl = 700;
                }
                case "EXAT" -> {
                    options.add(Long.toString(NOW / 1000 + 9));
                    expectedPttl = (NOW / 1000 + 9) * 1000 - NOW;
                }
                case "PXAT" -> {
                    options.add(Long.toString(NOW + 900));
                    expectedPttl = 900;
                }
                case "KEEPTTL" -> expectedPttl = present ? 5000 : -1;
                default -> throw new IllegalStateException(expiryOption);
            }
        }
        Object result = reply(set("k", "new", options.toArray(new String[0])));

        boolean blocked = "NX".equals(condition) && present || "XX".equals(condition) && !present;
        Object expectedReply = get ? (present ? "old" : null) : (blocked ? null : SimpleReply.OK);
        assertThat(result).isEqualTo(expectedReply);
        if (blocked) {
            assertThat(s(strings.get(NOW, b("k")))).isEqualTo(present ? "old" : null);
            assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(present ? 5000 : -2);
        } else {
            assertThat(s(strings.get(NOW, b("k")))).isEqualTo("new");
            assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(expectedPttl);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "NX XX", "XX NX", "EX 1 PX 1", "PX 1 EX 1", "EX 1 EXAT 1", "PXAT 1 PX 1", "EX 1 KEEPTTL",
            "KEEPTTL EX 1", "KEEPTTL PXAT 1", "EX", "PX", "EXAT", "PXAT", "FOO", "NX FOO", "EX 1 2",
            "PERSIST"})
    void conflictingUnknownOrIncompleteOptionsAreASyntaxError(String options) {
        assertThatThrownBy(() -> set("k", "v", options.split(" ")))
                .isInstanceOf(CommandError.class).hasMessage("ERR syntax error");
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void repeatingAnOptionIsAllowedAndTheLastExpiryWins() {
        assertThat(set("k", "v", "NX", "NX", "EX", "1", "EX", "3", "GET", "GET")).isNull();
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(3000);
        assertThat(set("k", "w", "KEEPTTL", "KEEPTTL")).isEqualTo(SimpleReply.OK);
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(3000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EX 0", "PX 0", "EXAT 0", "PXAT 0", "EX -1", "PX -5", "EX 9223372036854776",
            "PX 9223372036854775807", "EXAT 9223372036854776"})
    void nonPositiveOrOverflowingExpiryIsAnInvalidExpireTime(String options) {
        assertThatThrownBy(() -> set("k", "v", options.split(" ")))
                .isInstanceOf(CommandError.class).hasMessage("ERR invalid expire time in 'set' command");
        assertThat(keyspace.storedCount()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"EX abc", "PX 1.5", "EX  1", "PX +1", "EX 01", "EXAT 99999999999999999999"})
    void nonIntegerExpiryIsNotAnInteger(String options) {
        assertThatThrownBy(() -> set("k", "v", options.split(" ", 2)))
                .isInstanceOf(CommandError.class).hasMessage("ERR value is not an integer or out of range");
    }

    @Test
    void syntaxIsCheckedBeforeTheExpiryNumberLikeRedis() {
        assertThatThrownBy(() -> set("k", "v", "EX", "abc", "XX", "NX"))
                .isInstanceOf(CommandError.class).hasMessage("ERR syntax error");
    }

    @Test
    void setexAndPsetexRequireAPositiveTtl() {
        assertThat(strings.setex(NOW, b("a"), b("10"), b("v"))).isEqualTo(SimpleReply.OK);
        assertThat(expiry.ttl(NOW, b("a"))).isEqualTo(10);
        assertThat(strings.psetex(NOW, b("b"), b("1234"), b("v"))).isEqualTo(SimpleReply.OK);
        assertThat(expiry.pttl(NOW, b("b"))).isEqualTo(1234);
        assertThatThrownBy(() -> strings.setex(NOW, b("c"), b("0"), b("v")))
                .hasMessage("ERR invalid expire time in 'setex' command");
        assertThatThrownBy(() -> strings.psetex(NOW, b("c"), b("-1"), b("v")))
                .hasMessage("ERR invalid expire time in 'psetex' command");
        assertThatThrownBy(() -> strings.setex(NOW, b("c"), b("x"), b("v")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThat(keyspace.storedCount()).isEqualTo(2);
    }

    @Test
    void setnxSetsOnlyAbsentOrExpiredKeys() {
        assertThat(strings.setnx(NOW, b("k"), b("1"))).isEqualTo(1);
        assertThat(strings.setnx(NOW, b("k"), b("2"))).isZero();
        assertThat(s(strings.get(NOW, b("k")))).isEqualTo("1");
        set("gone", "v", "PX", "10");
        assertThat(strings.setnx(NOW + 11, b("gone"), b("again"))).isEqualTo(1);
        assertThat(s(strings.get(NOW + 11, b("gone")))).isEqualTo("again");
        assertThat(expiry.pttl(NOW + 11, b("gone"))).isEqualTo(-1);
    }

    @Test
    void nxTreatsAnExpiredKeyAsAbsentAndXxDoesNotSeeIt() {
        set("k", "v", "PX", "10");
        assertThat(set("k", "w", "XX")).isEqualTo(SimpleReply.OK);
        set("e", "v", "PX", "10");
        assertThat(strings.set(NOW + 11, b("e"), b("w"), bs("XX"))).isNull();
        assertThat(strings.set(NOW + 11, b("e"), b("w"), bs("NX", "GET"))).isNull();
        assertThat(s(strings.get(NOW + 11, b("e")))).isEqualTo("w");
    }
}
