package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * The cursor walk behind HSCAN and SSCAN: {@code cursor [MATCH pattern] [COUNT count]} over one
 * collection's elements, which are {@link Key}s kept in the order of their fixed 63-bit hash. As with
 * {@link ScanCommand}, the cursor is one more than the position where the next call resumes, so it
 * stays valid across writes to the collection and means the same on every member: an element present
 * for a whole iteration is returned at least once. COUNT bounds the elements examined per call.
 */
final class ElementScan {

    private static final byte[] END = {'0'};

    private final ScanOptions options;

    private ElementScan(ScanOptions options) {
        this.options = options;
    }

    /** Parses {@code [MATCH pattern] [COUNT count]}, with Redis' errors. */
    static ElementScan parse(byte[]... options) {
        return new ElementScan(ScanOptions.parse(false, options));
    }

    /** The reply for a key that does not exist: an iteration that is already over. */
    static List<Object> empty() {
        return List.of(END, List.of());
    }

    /**
     * Returns {@code [next cursor, [...]]}; {@code emit} adds a matching element's reply entries (the
     * member, or a field and its value).
     */
    List<Object> scan(long cursor, NavigableSet<Key> elements, BiConsumer<Key, List<byte[]>> emit) {
        return scan(cursor, from -> elements.tailSet(Key.lowestAt(from), true).iterator(), Function.identity(), emit);
    }

    /**
     * As above, over elements that {@code elementsFrom} lists in position order from a given position
     * on (a hash's entries, which carry their values).
     */
    <E extends Map.Entry<Key, ?>> List<Object> scan(long cursor, LongFunction<Iterator<E>> elementsFrom,
            BiConsumer<E, List<byte[]>> emit) {
        return scan(cursor, elementsFrom, Map.Entry::getKey, emit);
    }

    private <E> List<Object> scan(long cursor, LongFunction<Iterator<E>> elementsFrom, Function<E, Key> keyOf,
            BiConsumer<E, List<byte[]>> emit) {
        List<byte[]> found = new ArrayList<>();
        long start = cursor == 0 ? 0 : cursor - 1;
        if (start < 0) {
            return List.of(END, found);
        }
        long examined = 0;
        long lastPosition = -1;
        for (Iterator<E> it = elementsFrom.apply(start); it.hasNext(); ) {
            E element = it.next();
            Key key = keyOf.apply(element);
            long position = key.position();
            // elements sharing a position are never split across calls: the cursor cannot point between them
            if (examined >= options.count() && position != lastPosition) {
                return List.of(Long.toUnsignedString(position + 1).getBytes(StandardCharsets.US_ASCII), found);
            }
            examined++;
            lastPosition = position;
            if (options.matches(key.bytes())) {
                emit.accept(element, found);
            }
        }
        return List.of(END, found);
    }
}
