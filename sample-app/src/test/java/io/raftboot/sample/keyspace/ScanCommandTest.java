package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static io.raftboot.sample.keyspace.Bytes.bs;
import static io.raftboot.sample.keyspace.Bytes.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScanCommandTest {

    private static final long NOW = 1_700_000_000_000L;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);
    private final ScanCommand scan = new ScanCommand(keyspace);

    private record Page(String cursor, List<String> keys) {
    }

    @SuppressWarnings("unchecked")
    private Page page(String cursor, String... options) {
        List<Object> reply = scan.scan(NOW, b(cursor), bs(options));
        assertThat(reply).hasSize(2);
        List<String> found = new ArrayList<>();
        for (byte[] key : (List<byte[]>) reply.get(1)) {
            found.add(s(key));
        }
        return new Page(s((byte[]) reply.get(0)), found);
    }

    private void fill(int n) {
        for (int i = 0; i < n; i++) {
            strings.set(NOW, b("key:" + i), b("v"));
        }
    }

    @Test
    void anEmptyKeyspaceEndsAtOnce() {
        assertThat(page("0")).isEqualTo(new Page("0", List.of()));
    }

    @Test
    void aFullIterationReturnsEveryKeyExactlyOnceWhenNothingChanges() {
        fill(1000);
        List<String> seen = new ArrayList<>();
        String cursor = "0";
        int calls = 0;
        do {
            Page p = page(cursor, "COUNT", "37");
            assertThat(p.keys()).hasSizeLessThanOrEqualTo(37);
            seen.addAll(p.keys());
            cursor = p.cursor();
            calls++;
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
        assertThat(calls).isEqualTo(28);
    }

    @Test
    void theDefaultCountIsTen() {
        fill(25);
        Page first = page("0");
        assertThat(first.keys()).hasSize(10);
        assertThat(first.cursor()).isNotEqualTo("0");
    }

    @Test
    void keysPresentThroughoutAreReturnedDespiteConcurrentWrites() {
        fill(500);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 500; i += 2) {
            stable.add("key:" + i);
        }
        Random random = new Random(42);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            Page p = page(cursor, "COUNT", "20");
            seen.addAll(p.keys());
            cursor = p.cursor();
            // between calls: delete some odd keys, add new ones
            for (int j = 0; j < 10; j++) {
                keys.del(NOW, b("key:" + (2 * random.nextInt(250) + 1)));
                strings.set(NOW, b("new:" + round + ":" + j), b("v"));
            }
            round++;
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(stable);
    }

    @Test
    void matchFiltersAfterCountingExaminedKeys() {
        fill(100);
        strings.set(NOW, b("special"), b("v"));
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            Page p = page(cursor, "MATCH", "spec*", "COUNT", "10");
            found.addAll(p.keys());
            cursor = p.cursor();
        } while (!cursor.equals("0"));
        assertThat(found).containsExactly("special");
        assertThat(page("0", "MATCH", "*", "COUNT", "1000").keys()).hasSize(101);
    }

    @Test
    void typeOptionMatchesStringsOnly() {
        fill(5);
        assertThat(page("0", "TYPE", "string").keys()).hasSize(5);
        assertThat(page("0", "TYPE", "hash").keys()).isEmpty();
    }

    @Test
    void expiredKeysAreSkippedButNotDeleted() {
        strings.set(NOW - 100, b("old"), b("v"), bs("PX", "10"));
        strings.set(NOW, b("live"), b("v"));
        assertThat(page("0", "COUNT", "100").keys()).containsExactly("live");
        assertThat(keyspace.storedCount()).isEqualTo(2);
    }

    @Test
    void aCursorBeyondEveryKeyEnds() {
        fill(10);
        assertThat(page("18446744073709551615")).isEqualTo(new Page("0", List.of()));
        assertThat(page("9223372036854775809")).isEqualTo(new Page("0", List.of()));
    }

    @Test
    void keysAtTheHighestPositionsAreReachedWithAnUnsignedCursor() {
        fill(3);
        keyspace.put(Key.lowestAt(Long.MAX_VALUE - 1), StoredValue.persistent(b("v")));
        keyspace.put(Key.lowestAt(Long.MAX_VALUE), StoredValue.persistent(b("v")));
        List<String> cursors = new ArrayList<>();
        int found = 0;
        String cursor = "0";
        do {
            Page p = page(cursor, "COUNT", "1");
            found += p.keys().size();
            cursor = p.cursor();
            cursors.add(cursor);
        } while (!cursor.equals("0"));
        assertThat(found).isEqualTo(5);
        assertThat(cursors).contains("9223372036854775808");
    }

    @Test
    void badArgumentsAreRefusedLikeRedis() {
        assertThatThrownBy(() -> page("x")).hasMessage("ERR invalid cursor");
        assertThatThrownBy(() -> page("-1")).hasMessage("ERR invalid cursor");
        assertThatThrownBy(() -> page("18446744073709551616")).hasMessage("ERR invalid cursor");
        assertThatThrownBy(() -> page("0", "COUNT", "0")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> page("0", "COUNT", "x")).hasMessage("ERR value is not an integer or out of range");
        assertThatThrownBy(() -> page("0", "COUNT")).hasMessage("ERR syntax error");
        assertThatThrownBy(() -> page("0", "LIMIT", "3")).hasMessage("ERR syntax error");
    }

    @Test
    void cursorsAreTheSameOnEveryReplica() {
        Keyspace other = new Keyspace();
        StringCommands otherStrings = new StringCommands(other);
        for (int i = 99; i >= 0; i--) {
            otherStrings.set(NOW, b("key:" + i), b("v"));
        }
        fill(100);
        Page here = page("0", "COUNT", "15");
        @SuppressWarnings("unchecked")
        List<byte[]> thereKeys = (List<byte[]>) new ScanCommand(other).scan(NOW, b("0"), bs("COUNT", "15")).get(1);
        assertThat(thereKeys.stream().map(Bytes::s).toList()).isEqualTo(here.keys());
        Page continued = page(here.cursor(), "COUNT", "15");
        @SuppressWarnings("unchecked")
        List<byte[]> continuedThere = (List<byte[]>) new ScanCommand(other).scan(NOW, b(here.cursor()), bs("COUNT", "15")).get(1);
        assertThat(continuedThere.stream().map(Bytes::s).toList()).isEqualTo(continued.keys());
    }
}
