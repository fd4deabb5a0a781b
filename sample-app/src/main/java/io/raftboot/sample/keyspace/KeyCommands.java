package io.raftboot.sample.keyspace;

import java.util.ArrayList;
import java.util.List;

/** DEL, UNLINK, EXISTS, TYPE, DBSIZE, FLUSHALL, KEYS. */
public final class KeyCommands {

    private final Keyspace keyspace;

    public KeyCommands(Keyspace keyspace) {
        this.keyspace = keyspace;
    }

    /** DEL (and UNLINK, which is the same here): how many live keys were removed. */
    public long del(long now, byte[]... keys) {
        keyspace.advanceClock(now);
        long removed = 0;
        for (byte[] key : keys) {
            if (keyspace.remove(Key.of(key), now)) {
                removed++;
            }
        }
        return removed;
    }

    /** EXISTS: how many of the given keys exist; a key named twice counts twice, as in Redis. */
    public long exists(long now, byte[]... keys) {
        long found = 0;
        for (byte[] key : keys) {
            if (keyspace.get(Key.of(key), now) != null) {
                found++;
            }
        }
        return found;
    }

    public SimpleReply type(long now, byte[] key) {
        StoredValue value = keyspace.get(Key.of(key), now);
        return value == null ? SimpleReply.NONE : value.type();
    }

    public long dbsize(long now) {
        return keyspace.liveCount(now);
    }

    /** FLUSHALL [ASYNC|SYNC]: both modes clear at once (values are simply dropped). */
    public SimpleReply flushall(long now, byte[]... options) {
        if (options.length > 1 || options.length == 1 && !Args.is(options[0], "ASYNC") && !Args.is(options[0], "SYNC")) {
            throw Errors.syntax();
        }
        keyspace.advanceClock(now);
        keyspace.clear();
        return SimpleReply.OK;
    }

    /** KEYS pattern: the live keys matching, in scan order. */
    public List<byte[]> keys(long now, byte[] pattern) {
        GlobPattern glob = GlobPattern.compile(pattern);
        List<byte[]> matches = new ArrayList<>();
        keyspace.forEach(e -> {
            byte[] key = e.getKey().bytes();
            if (!e.getValue().isExpiredAt(now) && glob.matches(key)) {
                matches.add(key);
            }
        });
        return matches;
    }
}
