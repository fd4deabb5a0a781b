package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);

    @Test
    void ttlAndPttlOfMissingAndPersistentKeys() {
        assertThat(expiry.ttl(NOW, b("missing"))).isEqualTo(-2);
        assertThat(expiry.pttl(NOW, b("missing"))).isEqualTo(-2);
        strings.set(NOW, b("k"), b("v"));
        assertThat(expiry.ttl(NOW, b("k"))).isEqualTo(-1);
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
    }

    @Test
    void ttlRoundsToTheNearestSecondLikeRedis() {
        strings.set(NOW, b("k"), b("v"), bs("PX", "1499"));
        assertThat(expiry.ttl(NOW, b("k"))).isEqualTo(1);
        strings.set(NOW, b("k"), b("v"), bs("PX", "1500"));
        assertThat(expiry.ttl(NOW, b("k"))).isEqualTo(2);
        assertThat(expiry.pttl(NOW + 1500, b("k"))).isZero();
        assertThat(expiry.ttl(NOW + 1500, b("k"))).isZero();
        assertThat(expiry.ttl(NOW + 1501, b("k"))).isEqualTo(-2);
    }

    @Test
    void expireVariantsSetAbsoluteTimes() {
        strings.mset(NOW, bs("a", "1", "b", "2", "c", "3", "d", "4"));
        assertThat(expiry.expire(NOW, b("a"), b("10"))).isEqualTo(1);
        assertThat(expiry.pexpire(NOW, b("b"), b("10"))).isEqualTo(1);
        assertThat(expiry.expireat(NOW, b("c"), b(Long.toString(NOW / 1000 + 30)))).isEqualTo(1);
        assertThat(expiry.pexpireat(NOW, b("d"), b(Long.toString(NOW + 30)))).isEqualTo(1);
        assertThat(expiry.pttl(NOW, b("a"))).isEqualTo(10_000);
        assertThat(expiry.pttl(NOW, b("b"))).isEqualTo(10);
        assertThat(expiry.pttl(NOW, b("c"))).isEqualTo((NOW / 1000 + 30) * 1000 - NOW);
        assertThat(expiry.pttl(NOW, b("d"))).isEqualTo(30);
        assertThat(expiry.expire(NOW, b("missing"), b("10"))).isZero();
    }

    @Test
    void aPastOrZeroTimeDeletesTheKey() {
        strings.mset(NOW, bs("a", "1", "b", "2", "c", "3"));
        assertThat(expiry.expire(NOW, b("a"), b("0"))).isEqualTo(1);
        assertThat(expiry.pexpire(NOW, b("b"), b("-100"))).isEqualTo(1);
        assertThat(expiry.expireat(NOW, b("c"), b("1"))).isEqualTo(1);
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void overflowingTimesAreInvalid() {
        strings.set(NOW, b("k"), b("v"));
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("9223372036854775807")))
                .hasMessage("ERR invalid expire time in 'expire' command");
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("-9223372036854775807")))
                .hasMessage("ERR invalid expire time in 'expire' command");
        assertThatThrownBy(() -> expiry.pexpire(NOW, b("k"), b("9223372036854775807")))
                .hasMessage("ERR invalid expire time in 'pexpire' command");
        assertThatThrownBy(() -> expiry.expireat(NOW, b("k"), b("9223372036854775807")))
                .hasMessage("ERR invalid expire time in 'expireat' command");
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("ten")))
                .hasMessage("ERR value is not an integer or out of range");
        assertThat(expiry.pexpireat(NOW, b("k"), b("9223372036854775807"))).isEqualTo(1);
    }

    /** NX/XX/GT/LT on a key without TTL (current = none) and with TTL 100s; new TTL 50s or 200s. */
    @ParameterizedTest(name = "{0} on ttl={1} to {2}s -> {3}")
    @CsvSource({
            "NX,none,50,1", "NX,100,50,0",
            "XX,none,50,0", "XX,100,50,1",
            "GT,none,200,0", "GT,100,200,1", "GT,100,50,0", "GT,100,100,0",
            "LT,none,50,1", "LT,100,50,1", "LT,100,200,0", "LT,100,100,0",
            "XX GT,none,200,0", "XX GT,100,200,1", "XX LT,none,50,0", "XX LT,100,50,1", "XX LT,100,200,0",
            "nx,none,50,1", "gt lt,,,",
    })
    void conditions(String options, String current, String seconds, String expected) {
        strings.set(NOW, b("k"), b("v"));
        if ("100".equals(current)) {
            expiry.expire(NOW, b("k"), b("100"));
        }
        if (expected == null) {
            assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("50"), bs(options.split(" "))))
                    .hasMessage("ERR GT and LT options at the same time are not compatible");
            return;
        }
        long before = expiry.pttl(NOW, b("k"));
        long result = expiry.expire(NOW, b("k"), b(seconds), bs(options.split(" ")));
        assertThat(result).isEqualTo(Long.parseLong(expected));
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(result == 1 ? Long.parseLong(seconds) * 1000 : before);
    }

    @Test
    void conflictingOrUnknownConditionsAreRefused() {
        strings.set(NOW, b("k"), b("v"));
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("5"), bs("NX", "XX")))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertThatThrownBy(() -> expiry.pexpire(NOW, b("k"), b("5"), bs("LT", "NX")))
                .hasMessage("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("5"), bs("GT", "LT")))
                .hasMessage("ERR GT and LT options at the same time are not compatible");
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("5"), bs("SOON")))
                .hasMessage("ERR Unsupported option SOON");
        // options are checked before the number, as Redis does
        assertThatThrownBy(() -> expiry.expire(NOW, b("k"), b("x"), bs("SOON")))
                .hasMessage("ERR Unsupported option SOON");
        assertThat(expiry.pttl(NOW, b("k"))).isEqualTo(-1);
    }

    @Test
    void persistRemovesTheTtl() {
        strings.set(NOW, b("k"), b("v"), bs("EX", "10"));
        assertThat(expiry.persist(NOW, b("k"))).isEqualTo(1);
        assertThat(expiry.persist(NOW, b("k"))).isZero();
        assertThat(expiry.persist(NOW, b("missing"))).isZero();
        assertThat(expiry.pttl(NOW + 20_000, b("k"))).isEqualTo(-1);
        assertThat(keyspace.expiredKeys(Long.MAX_VALUE, 10)).isEmpty();
    }

    @Test
    void readsNeverDeleteExpiredKeys() {
        strings.set(NOW, b("k"), b("v"), bs("PX", "10"));
        long later = NOW + 100;
        assertThat(strings.get(later, b("k"))).isNull();
        assertThat(expiry.ttl(later, b("k"))).isEqualTo(-2);
        assertThat(new KeyCommands(keyspace).exists(later, b("k"))).isZero();
        assertThat(keyspace.storedCount()).isEqualTo(1);
        // and a read at an earlier time still sees it: nothing was removed
        assertThat(s(strings.get(NOW + 5, b("k")))).isEqualTo("v");
    }

    @Test
    void theReadClockNeverLagsTheLastAppliedEntry() {
        strings.set(NOW, b("k"), b("v"), bs("PX", "10"));
        strings.set(NOW + 50, b("other"), b("x"));
        assertThat(keyspace.readTime(NOW)).isEqualTo(NOW + 50);
        assertThat(keyspace.readTime(NOW + 60)).isEqualTo(NOW + 60);
        assertThat(strings.get(keyspace.readTime(NOW), b("k"))).isNull();
        // entry times only move forward
        strings.set(NOW + 20, b("late"), b("x"));
        assertThat(keyspace.lastWriteTime()).isEqualTo(NOW + 50);
    }

    @Test
    void expiredSweepDeletesOnlyKeysExpiredAtTheEntryTime() {
        strings.set(NOW, b("a"), b("1"), bs("PX", "10"));
        strings.set(NOW, b("b"), b("2"), bs("PX", "20"));
        strings.set(NOW, b("c"), b("3"), bs("PX", "30"));
        strings.set(NOW, b("p"), b("4"));
        assertThat(strings(expiry.expiredCandidates(NOW + 25, 10))).containsExactly("a", "b");
        assertThat(strings(expiry.expiredCandidates(NOW + 25, 1))).containsExactly("a");
        // "b" was rewritten after the leader chose it: the sweep must leave it alone
        strings.set(NOW + 22, b("b"), b("fresh"));
        assertThat(expiry.expired(NOW + 25, bs("a", "b", "c", "p", "missing"))).isEqualTo(1);
        assertThat(strings(new KeyCommands(keyspace).keys(NOW + 25, b("*")))).containsExactlyInAnyOrder("b", "c", "p");
        assertThat(keyspace.storedCount()).isEqualTo(3);
        assertThat(expiry.expiredCandidates(NOW + 25, 10)).isEmpty();
        assertThat(strings(expiry.expiredCandidates(NOW + 31, 10))).containsExactly("c");
    }

    @Test
    void twoReplicasApplyingTheSameEntriesAgreeWhateverTheirClocks() {
        Keyspace[] replicas = {new Keyspace(), new Keyspace()};
        for (Keyspace replica : replicas) {
            StringCommands s = new StringCommands(replica);
            ExpiryCommands e = new ExpiryCommands(replica);
            s.set(NOW, b("k"), b("v"), bs("PX", "100"));
            s.set(NOW + 100, b("k"), b("w"), bs("NX"));
            s.set(NOW + 101, b("j"), b("w"), bs("XX"));
            s.incr(NOW + 150, b("k"));
            e.expired(NOW + 150, bs("k"));
        }
        for (Keyspace replica : replicas) {
            assertThat(replica.storedCount()).isEqualTo(1);
            assertThat(s(new StringCommands(replica).get(NOW + 150, b("k")))).isEqualTo("1");
        }
    }
}
