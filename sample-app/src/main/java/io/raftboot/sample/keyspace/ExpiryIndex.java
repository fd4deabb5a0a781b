package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Keys that carry an expiry time, ordered by that time, so that the expired ones are found without
 * walking the whole keyspace. Derived state: rebuilt from the values on restore, never stored.
 */
final class ExpiryIndex {

    private record Deadline(long at, Key key) {
    }

    private static final Comparator<Deadline> ORDER =
            Comparator.comparingLong(Deadline::at).thenComparing(Deadline::key);

    private final TreeSet<Deadline> deadlines = new TreeSet<>(ORDER);

    /** Records that {@code key} changed from {@code before} to {@code after} (either may be null). */
    void update(Key key, StoredValue before, StoredValue after) {
        long oldAt = before == null ? StoredValue.NO_EXPIRY : before.expireAt();
        long newAt = after == null ? StoredValue.NO_EXPIRY : after.expireAt();
        if (oldAt == newAt) {
            return;
        }
        if (oldAt != StoredValue.NO_EXPIRY) {
            deadlines.remove(new Deadline(oldAt, key));
        }
        if (newAt != StoredValue.NO_EXPIRY) {
            deadlines.add(new Deadline(newAt, key));
        }
    }

    void clear() {
        deadlines.clear();
    }

    int size() {
        return deadlines.size();
    }

    /** Up to {@code limit} keys already expired at {@code now}, earliest first. */
    List<Key> expiredAt(long now, int limit) {
        List<Key> keys = new ArrayList<>();
        for (Deadline d : deadlines) {
            if (keys.size() >= limit || d.at() >= now) {
                break;
            }
            keys.add(d.key());
        }
        return keys;
    }

    /** How many indexed keys are expired at {@code now} (counts a prefix of the index). */
    int countExpiredAt(long now) {
        int count = 0;
        for (Deadline d : deadlines) {
            if (d.at() >= now) {
                break;
            }
            count++;
        }
        return count;
    }
}
