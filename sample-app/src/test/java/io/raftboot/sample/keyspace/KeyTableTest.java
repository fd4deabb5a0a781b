package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class KeyTableTest {

    private static StoredValue v(String s) {
        return StoredValue.persistent(b(s));
    }

    private static List<Key> keysOf(Iterator<? extends Map.Entry<Key, ?>> it) {
        List<Key> keys = new ArrayList<>();
        it.forEachRemaining(e -> keys.add(e.getKey()));
        return keys;
    }

    /** A small-segment table of keys k0 to k999, each also put in {@code model}. */
    private static KeyTable<StoredValue> thousandKeys(TreeMap<Key, StoredValue> model) {
        KeyTable<StoredValue> table = new KeyTable<>(2);
        for (int i = 0; i < 1_000; i++) {
            Key key = Key.of("k" + i);
            model.put(key, v("before"));
            table.put(key, model.get(key));
        }
        return table;
    }

    /** Checks the table against a model ordered the way the table claims to iterate. */
    private static void assertSameAs(TreeMap<Key, StoredValue> model, KeyTable<StoredValue> table) {
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(keysOf(table.from(0))).containsExactlyElementsOf(model.keySet());
        for (Map.Entry<Key, StoredValue> e : model.entrySet()) {
            assertThat(table.get(e.getKey())).isSameAs(e.getValue());
        }
    }

    @Test
    void putGetRemoveAndReplace() {
        KeyTable<StoredValue> table = new KeyTable<>();
        assertThat(table.get(Key.of("a"))).isNull();
        StoredValue one = v("1");
        assertThat(table.put(Key.of("a"), one)).isNull();
        assertThat(table.get(Key.of("a"))).isSameAs(one);
        StoredValue two = v("2");
        assertThat(table.put(Key.of("a"), two)).isSameAs(one);
        assertThat(table.get(Key.of("a"))).isSameAs(two);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.remove(Key.of("b"))).isNull();
        assertThat(table.remove(Key.of("a"))).isSameAs(two);
        assertThat(table.remove(Key.of("a"))).isNull();
        assertThat(table.get(Key.of("a"))).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.from(0).hasNext()).isFalse();
    }

    @Test
    void growsAndShrinksBackWhileMatchingAModelThroughRandomWrites() {
        KeyTable<StoredValue> table = new KeyTable<>(2);
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        Random random = new Random(3);
        int initialBuckets = table.bucketCount();
        for (int i = 0; i < 20_000; i++) {
            Key key = Key.of("k" + random.nextInt(5_000));
            if (random.nextInt(4) == 0) {
                assertThat(table.remove(key)).isSameAs(model.remove(key));
            } else {
                StoredValue value = v(Integer.toString(i));
                assertThat(table.put(key, value)).isSameAs(model.put(key, value));
            }
        }
        assertSameAs(model, table);
        int grownBuckets = table.bucketCount();
        // one key per bucket at most before a split, at least a quarter after a merge
        assertThat(grownBuckets).isGreaterThanOrEqualTo(model.size()).isLessThanOrEqualTo(8 * model.size());

        for (Key key : new ArrayList<>(model.keySet())) {
            if (random.nextInt(10) != 0) {
                assertThat(table.remove(key)).isSameAs(model.remove(key));
            }
        }
        assertSameAs(model, table);
        // siblings merge only once together a quarter full, so a sparse table keeps some slack
        assertThat(table.bucketCount()).isLessThan(grownBuckets / 2).isLessThanOrEqualTo(8 * model.size());

        for (Key key : new ArrayList<>(model.keySet())) {
            assertThat(table.remove(key)).isSameAs(model.remove(key));
        }
        assertSameAs(model, table);
        assertThat(table.bucketCount()).isEqualTo(initialBuckets);
        assertThat(table.directorySlots()).isEqualTo(1);
    }

    @Test
    void keysInOneBucketAndKeysWithTheSameHashAreKeptApart() {
        KeyTable<StoredValue> table = new KeyTable<>(2);
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        long crowded = 0x1234_5678_9abc_def0L;
        for (int i = 0; i < 40; i++) {
            // same position: equal hashes, different bytes
            Key same = Key.withPosition(b("same" + i), crowded);
            // neighbouring positions: the same bucket at any table size this small
            Key near = Key.withPosition(b("near" + i), crowded + 1 + i);
            model.put(same, v("s" + i));
            model.put(near, v("n" + i));
            table.put(same, model.get(same));
            table.put(near, model.get(near));
        }
        table.put(Key.of("elsewhere"), model.computeIfAbsent(Key.of("elsewhere"), k -> v("e")));
        assertSameAs(model, table);
        // the directory stops doubling for keys no split can separate
        assertThat(table.directorySlots()).isLessThanOrEqualTo(256);
        assertThat(table.get(Key.withPosition(b("same40"), crowded))).isNull();

        for (int i = 0; i < 40; i += 2) {
            Key same = Key.withPosition(b("same" + i), crowded);
            assertThat(table.remove(same)).isSameAs(model.remove(same));
        }
        assertSameAs(model, table);
    }

    @Test
    void keysAreToldApartInTheirInlineBytesAndBeyond() {
        KeyTable<StoredValue> table = new KeyTable<>(2);
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        long crowded = 0x0fed_cba9_8765_4321L;
        String long24 = "abcdefghijklmnopqrstuvwx";
        List<byte[]> keys = List.of(new byte[0], new byte[] {0}, new byte[] {0, 0}, b("ab"), new byte[] {'a', 'b', 0},
                b(long24), b(long24 + "y"), b(long24 + "z"), b(long24 + "y\0"), b(long24.substring(0, 23)),
                b(long24.substring(0, 23) + "\u00ff"), b(long24 + long24), b(long24 + long24.toUpperCase()));
        // every key twice: at its own hash, and all at one position so that only their bytes differ
        for (byte[] bytes : keys) {
            for (Key key : List.of(Key.of(bytes), Key.withPosition(bytes, crowded))) {
                StoredValue value = v(key.position() + ":" + key);
                assertThat(table.put(key, value)).isSameAs(model.put(key, value));
            }
        }
        assertSameAs(model, table);
        assertThat(table.get(Key.withPosition(b(long24 + "q"), crowded))).isNull();
        assertThat(table.get(Key.withPosition(new byte[] {0, 0, 0}, crowded))).isNull();
        for (byte[] bytes : keys) {
            Key key = Key.withPosition(bytes.clone(), crowded);
            assertThat(table.remove(key)).isSameAs(model.remove(key));
        }
        assertSameAs(model, table);
    }

    @Test
    void aForkChangesApartFromTheTableItWasForkedFrom() {
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        KeyTable<StoredValue> table = thousandKeys(model);
        KeyTable<StoredValue> fork = table.fork();
        TreeMap<Key, StoredValue> forkModel = new TreeMap<>(model);
        assertSameAs(forkModel, fork);

        // the fork splits, merges, replaces and removes; the table keeps what it had
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            Key key = Key.of((random.nextBoolean() ? "k" : "new") + random.nextInt(2_000));
            if (random.nextInt(3) == 0) {
                assertThat(fork.remove(key)).isSameAs(forkModel.remove(key));
            } else {
                StoredValue value = v("after" + i);
                assertThat(fork.put(key, value)).isSameAs(forkModel.put(key, value));
            }
        }
        assertSameAs(forkModel, fork);
        assertSameAs(model, table);

        // a fork of a fork shares with both, and changes neither
        KeyTable<StoredValue> second = fork.fork();
        for (int i = 0; i < 2_000; i++) {
            second.remove(Key.of("k" + i));
        }
        assertSameAs(forkModel, fork);
        assertSameAs(model, table);
        assertThat(second.size()).isEqualTo(forkModel.size() - (int) forkModel.keySet().stream()
                .filter(k -> k.toString().startsWith("k")).count());
    }

    @Test
    void iterationStartsAtTheFirstKeyAtOrAfterAPosition() {
        KeyTable<StoredValue> table = new KeyTable<>(2);
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            Key key = Key.of("key:" + i);
            model.put(key, v("x"));
            table.put(key, model.get(key));
        }
        table.put(Key.lowestAt(Long.MAX_VALUE), v("last"));
        model.put(Key.lowestAt(Long.MAX_VALUE), v("last"));
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            long from = random.nextLong() >>> 1;
            assertThat(keysOf(table.from(from)))
                    .containsExactlyElementsOf(model.tailMap(Key.lowestAt(from), true).keySet());
        }
        assertThat(keysOf(table.from(Long.MAX_VALUE))).containsExactly(Key.lowestAt(Long.MAX_VALUE));
    }

    @Test
    void aFrozenTableKeepsItsContentsWhileTheTableSplitsMergesAndChanges() {
        TreeMap<Key, StoredValue> model = new TreeMap<>();
        KeyTable<StoredValue> table = thousandKeys(model);
        FrozenTable<StoredValue> frozen = table.freeze();
        TreeMap<Key, StoredValue> atFreeze = new TreeMap<>(model);
        int bucketsAtFreeze = table.bucketCount();

        Random random = new Random(9);
        for (int i = 0; i < 3_000; i++) {
            table.put(Key.of("k" + random.nextInt(1_000)), v("after"));
            table.put(Key.of("new" + i), v("after"));
        }
        assertThat(table.bucketCount()).isGreaterThan(2 * bucketsAtFreeze);
        for (int i = 0; i < 1_000; i++) {
            table.remove(Key.of("k" + i));
        }
        for (int i = 0; i < 3_000; i++) {
            table.remove(Key.of("new" + i));
        }
        assertThat(table.bucketCount()).isLessThan(bucketsAtFreeze);

        assertThat(frozen.size()).isEqualTo(1_000);
        List<Map.Entry<Key, StoredValue>> seen = new ArrayList<>();
        frozen.iterator().forEachRemaining(seen::add);
        assertThat(seen).extracting(Map.Entry::getKey).containsExactlyElementsOf(atFreeze.keySet());
        assertThat(seen).allSatisfy(e -> assertThat(e.getValue()).isSameAs(atFreeze.get(e.getKey())));
    }

    @Test
    void twoOpenCapturesEachKeepTheirOwnMoment() {
        KeyTable<StoredValue> table = new KeyTable<>(3);
        for (int i = 0; i < 100; i++) {
            table.put(Key.of("k" + i), v("first"));
        }
        FrozenTable<StoredValue> first = table.freeze();
        for (int i = 0; i < 100; i++) {
            table.put(Key.of("k" + i), v("second"));
        }
        FrozenTable<StoredValue> second = table.freeze();
        first.release();
        // with one capture still open, writes must keep copying segments
        for (int i = 0; i < 100; i++) {
            table.put(Key.of("k" + i), v("third"));
        }
        assertThat(valuesOf(second)).containsOnly("second").hasSize(100);
        second.release();
        for (int i = 0; i < 100; i++) {
            table.put(Key.of("k" + i), v("fourth"));
        }
        assertThat(table.get(Key.of("k7")).bytes()).isEqualTo(b("fourth"));
    }

    @Test
    void aReleasedCaptureRefusesToBeReadAgain() {
        KeyTable<StoredValue> table = new KeyTable<>();
        table.put(Key.of("a"), v("1"));
        FrozenTable<StoredValue> frozen = table.freeze();
        frozen.release();
        frozen.release();
        org.assertj.core.api.Assertions.assertThatThrownBy(frozen::iterator)
                .isInstanceOf(IllegalStateException.class);
    }

    private static List<String> valuesOf(FrozenTable<StoredValue> frozen) {
        List<String> values = new ArrayList<>();
        frozen.iterator().forEachRemaining(e -> values.add(Bytes.s(e.getValue().bytes())));
        return values;
    }
}
