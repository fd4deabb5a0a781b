package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyCommandsTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);

    @Test
    void delCountsLiveKeysRemovedOnce() {
        strings.mset(NOW, bs("a", "1", "b", "2"));
        strings.set(NOW, b("gone"), b("x"), bs("PX", "1"));
        assertThat(keys.del(NOW + 5, bs("a", "a", "missing", "gone", "b"))).isEqualTo(2);
        assertThat(keyspace.storedCount()).isZero();
    }

    @Test
    void existsCountsRepeats() {
        strings.mset(NOW, bs("a", "1"));
        assertThat(keys.exists(NOW, bs("a", "a", "b"))).isEqualTo(2);
    }

    @Test
    void typeIsStringOrNone() {
        strings.set(NOW, b("a"), b("1"));
        assertThat(keys.type(NOW, b("a"))).isEqualTo(SimpleReply.STRING);
        assertThat(keys.type(NOW, b("b"))).isEqualTo(SimpleReply.NONE);
    }

    @Test
    void dbsizeCountsLiveKeysOnly() {
        strings.mset(NOW, bs("a", "1", "b", "2"));
        strings.set(NOW, b("c"), b("3"), bs("PX", "10"));
        assertThat(keys.dbsize(NOW)).isEqualTo(3);
        assertThat(keys.dbsize(NOW + 11)).isEqualTo(2);
        assertThat(keyspace.storedCount()).isEqualTo(3);
    }

    @Test
    void flushallClearsEverythingAndAcceptsSyncOrAsync() {
        strings.mset(NOW, bs("a", "1", "b", "2"));
        strings.set(NOW, b("c"), b("3"), bs("PX", "10"));
        assertThat(keys.flushall(NOW, bs("async"))).isEqualTo(SimpleReply.OK);
        assertThat(keyspace.storedCount()).isZero();
        assertThat(keyspace.expiredKeys(Long.MAX_VALUE, 10)).isEmpty();
        assertThat(keys.flushall(NOW, bs("SYNC"))).isEqualTo(SimpleReply.OK);
        assertThat(keys.flushall(NOW)).isEqualTo(SimpleReply.OK);
        assertThatThrownBy(() -> keys.flushall(NOW, bs("NOW"))).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> keys.flushall(NOW, bs("SYNC", "ASYNC"))).hasMessage("ERR syntax error");
    }

    @Test
    void keysMatchesThePatternAndSkipsExpiredKeys() {
        strings.mset(NOW, bs("hello", "1", "hallo", "2", "hxllo", "3", "world", "4"));
        strings.set(NOW, b("hillo"), b("5"), bs("PX", "10"));
        assertThat(strings(keys.keys(NOW, b("h[ae]llo")))).containsExactlyInAnyOrder("hello", "hallo");
        assertThat(strings(keys.keys(NOW, b("h?llo")))).containsExactlyInAnyOrder("hello", "hallo", "hxllo", "hillo");
        assertThat(strings(keys.keys(NOW + 11, b("h?llo")))).containsExactlyInAnyOrder("hello", "hallo", "hxllo");
        assertThat(keys.keys(NOW, b("*"))).hasSize(5);
        assertThat(keys.keys(NOW, b("nothing*"))).isEmpty();
    }
}
