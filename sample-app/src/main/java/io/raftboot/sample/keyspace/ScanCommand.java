package io.raftboot.sample.keyspace;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type].
 *
 * <p>Keys are visited in a fixed order: by a 63-bit hash of the key (see {@link Key#position()}),
 * which is also the order of the hash table's buckets (see {@link KeyTable}: Redis' reverse-binary
 * cursor with the bits mirrored), so a call costs O(COUNT), and the table's resizes never move a key
 * across the cursor.
 * The cursor is one more than the position where the next call resumes ("0" starts and ends a
 * full iteration). Because positions never change, the cursor stays valid across unrelated writes:
 * every key present from the start to the end of a full iteration is returned at least once, and a
 * key is returned twice only if it was deleted and added again meanwhile. The cursor is meaningful on
 * every member, so an iteration may continue on another node. COUNT bounds the keys examined per
 * call (expired or not matching ones included), as in Redis, so a call may return fewer keys than
 * COUNT, even none, with a non-zero cursor.
 */
public final class ScanCommand {

    private static final byte[] END = {'0'};

    private final Keyspace keyspace;

    public ScanCommand(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** Returns {@code [next cursor, [keys...]]}. */
    public List<Object> scan(long now, byte[] cursorArg, byte[]... options) {
        long cursor = Args.parseCursor(cursorArg);
        ScanOptions parsed = ScanOptions.parse(true, options);
        List<byte[]> keys = new ArrayList<>();
        // The cursor is unsigned: position + 1 reaches 2^63 for the last position. Anything above
        // 2^63 is beyond every position and has nothing left to visit.
        long start = cursor == 0 ? 0 : cursor - 1;
        if (start < 0) {
            return List.of(END, keys);
        }
        Iterator<? extends Map.Entry<Key, StoredValue>> it = keyspace.from(start);
        long examined = 0;
        long lastPosition = -1;
        while (it.hasNext()) {
            Map.Entry<Key, StoredValue> e = it.next();
            Key stored = e.getKey();
            long position = stored.position();
            // Keys sharing a position are never split across calls: the cursor cannot point between them.
            if (examined >= parsed.count() && position != lastPosition) {
                return List.of(Long.toUnsignedString(position + 1).getBytes(StandardCharsets.US_ASCII), keys);
            }
            examined++;
            lastPosition = position;
            byte[] key = stored.bytes();
            StoredValue value = e.getValue();
            if ((parsed.type() == null || parsed.type().equalsIgnoreCase(value.type().text())) && !value.isExpiredAt(now)
                    && parsed.matches(key)) {
                keys.add(key);
            }
        }
        return List.of(END, keys);
    }
}
