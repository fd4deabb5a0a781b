package io.raftboot.sample;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.Status;
import io.raftboot.sample.keyspace.Args;
import io.raftboot.sample.keyspace.CommandError;
import io.raftboot.sample.keyspace.Errors;
import io.raftboot.sample.keyspace.ExpiryCommands;
import io.raftboot.sample.keyspace.KeyCommands;
import io.raftboot.sample.keyspace.Keyspace;
import io.raftboot.sample.keyspace.KeyspaceRestorer;
import io.raftboot.sample.keyspace.ScanCommand;
import io.raftboot.sample.keyspace.SimpleReply;
import io.raftboot.sample.keyspace.StringCommands;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The replicated state of the sample: Redis string and key commands over one {@link Keyspace}.
 *
 * <p>Writes judge expiry by the entry's leader timestamp ({@link CommandContext#timestampMillis()}),
 * identical on every member. Reads judge it by the later of the last applied entry's time and the
 * local clock, and never change anything; expired keys disappear through {@code EXPIRED} entries that
 * the leader proposes (see {@code ExpirySweeper}). Everything here runs on the apply thread.
 */
@RaftStateMachine
public class KeyspaceStateMachine {

    /** The most keys one {@code EXPIREDKEYS} call may ask for; also bounds {@code sample.expiry.batch}. */
    public static final int MAX_SWEEP_BATCH = 10_000;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);
    private final ScanCommand scanner = new ScanCommand(keyspace);

    private static long writeTime(CommandContext ctx) {
        return ctx.timestampMillis();
    }

    private long readTime(CommandContext ctx) {
        return keyspace.readTime(ctx.timestampMillis());
    }

    /** Keyspace replies use their own simple-string type; the runtime knows {@link Status}. */
    private static Object reply(Object value) {
        return value instanceof SimpleReply simple ? new Status(simple.text()) : value;
    }

    private static byte[][] join(byte[] first, byte[]... rest) {
        byte[][] all = new byte[rest.length + 1][];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    // ---- strings

    @ReadCommand(value = "GET", flags = "fast")
    public byte[] get(CommandContext ctx, byte[] key) {
        return strings.get(readTime(ctx), key);
    }

    @WriteCommand(value = "SET", flags = "denyoom")
    public Object set(CommandContext ctx, byte[] key, byte[] value, byte[]... options) {
        return reply(strings.set(writeTime(ctx), key, value, options));
    }

    @WriteCommand(value = "SETNX", flags = {"denyoom", "fast"})
    public long setnx(CommandContext ctx, byte[] key, byte[] value) {
        return strings.setnx(writeTime(ctx), key, value);
    }

    @WriteCommand(value = "SETEX", flags = "denyoom")
    public Object setex(CommandContext ctx, byte[] key, byte[] seconds, byte[] value) {
        return reply(strings.setex(writeTime(ctx), key, seconds, value));
    }

    @WriteCommand(value = "PSETEX", flags = "denyoom")
    public Object psetex(CommandContext ctx, byte[] key, byte[] millis, byte[] value) {
        return reply(strings.psetex(writeTime(ctx), key, millis, value));
    }

    @WriteCommand(value = "GETDEL", flags = "fast")
    public byte[] getdel(CommandContext ctx, byte[] key) {
        return strings.getdel(writeTime(ctx), key);
    }

    @WriteCommand(value = "GETSET", flags = {"denyoom", "fast"})
    public byte[] getset(CommandContext ctx, byte[] key, byte[] value) {
        return strings.getset(writeTime(ctx), key, value);
    }

    @WriteCommand(value = "GETEX", flags = "fast")
    public byte[] getex(CommandContext ctx, byte[] key, byte[]... options) {
        return strings.getex(writeTime(ctx), key, options);
    }

    @WriteCommand(value = "MSETNX", flags = "denyoom", lastKey = -1, keyStep = 2)
    public long msetnx(CommandContext ctx, byte[] key, byte[] value, byte[]... more) {
        byte[][] pairs = new byte[more.length + 2][];
        pairs[0] = key;
        pairs[1] = value;
        System.arraycopy(more, 0, pairs, 2, more.length);
        return strings.msetnx(writeTime(ctx), pairs);
    }

    @ReadCommand(value = "MGET", flags = "fast", lastKey = -1)
    public List<byte[]> mget(CommandContext ctx, byte[] key, byte[]... more) {
        return strings.mget(readTime(ctx), join(key, more));
    }

    @WriteCommand(value = "MSET", flags = "denyoom", lastKey = -1, keyStep = 2)
    public Object mset(CommandContext ctx, byte[] key, byte[] value, byte[]... more) {
        byte[][] pairs = new byte[more.length + 2][];
        pairs[0] = key;
        pairs[1] = value;
        System.arraycopy(more, 0, pairs, 2, more.length);
        return reply(strings.mset(writeTime(ctx), pairs));
    }

    @WriteCommand(value = "INCR", flags = {"denyoom", "fast"})
    public long incr(CommandContext ctx, byte[] key) {
        return strings.incr(writeTime(ctx), key);
    }

    @WriteCommand(value = "INCRBY", flags = {"denyoom", "fast"})
    public long incrby(CommandContext ctx, byte[] key, byte[] increment) {
        return strings.incrby(writeTime(ctx), key, increment);
    }

    @WriteCommand(value = "DECR", flags = {"denyoom", "fast"})
    public long decr(CommandContext ctx, byte[] key) {
        return strings.decr(writeTime(ctx), key);
    }

    @WriteCommand(value = "DECRBY", flags = {"denyoom", "fast"})
    public long decrby(CommandContext ctx, byte[] key, byte[] decrement) {
        return strings.decrby(writeTime(ctx), key, decrement);
    }

    @WriteCommand(value = "APPEND", flags = {"denyoom", "fast"})
    public long append(CommandContext ctx, byte[] key, byte[] suffix) {
        return strings.append(writeTime(ctx), key, suffix);
    }

    @ReadCommand(value = "STRLEN", flags = "fast")
    public long strlen(CommandContext ctx, byte[] key) {
        return strings.strlen(readTime(ctx), key);
    }

    // ---- keys

    @WriteCommand(value = "DEL", lastKey = -1)
    public long del(CommandContext ctx, byte[] key, byte[]... more) {
        return keys.del(writeTime(ctx), join(key, more));
    }

    @WriteCommand(value = "UNLINK", flags = "fast", lastKey = -1)
    public long unlink(CommandContext ctx, byte[] key, byte[]... more) {
        return keys.del(writeTime(ctx), join(key, more));
    }

    @ReadCommand(value = "EXISTS", flags = "fast", lastKey = -1)
    public long exists(CommandContext ctx, byte[] key, byte[]... more) {
        return keys.exists(readTime(ctx), join(key, more));
    }

    @ReadCommand(value = "TYPE", flags = "fast")
    public Object type(CommandContext ctx, byte[] key) {
        return reply(keys.type(readTime(ctx), key));
    }

    @ReadCommand(value = "DBSIZE", flags = "fast", firstKey = 0)
    public long dbsize(CommandContext ctx) {
        return keys.dbsize(readTime(ctx));
    }

    @WriteCommand(value = "FLUSHALL", firstKey = 0)
    public Object flushall(CommandContext ctx, byte[]... options) {
        return reply(keys.flushall(writeTime(ctx), options));
    }

    /** With a single database, FLUSHDB is FLUSHALL. */
    @WriteCommand(value = "FLUSHDB", firstKey = 0)
    public Object flushdb(CommandContext ctx, byte[]... options) {
        return reply(keys.flushall(writeTime(ctx), options));
    }

    @ReadCommand(value = "KEYS", firstKey = 0)
    public List<byte[]> keys(CommandContext ctx, byte[] pattern) {
        return keys.keys(readTime(ctx), pattern);
    }

    @ReadCommand(value = "SCAN", firstKey = 0)
    public List<Object> scan(CommandContext ctx, byte[] cursor, byte[]... options) {
        return scanner.scan(readTime(ctx), cursor, options);
    }

    // ---- expiry

    @WriteCommand(value = "EXPIRE", flags = "fast")
    public long expire(CommandContext ctx, byte[] key, byte[] seconds, byte[]... options) {
        return expiry.expire(writeTime(ctx), key, seconds, options);
    }

    @WriteCommand(value = "PEXPIRE", flags = "fast")
    public long pexpire(CommandContext ctx, byte[] key, byte[] millis, byte[]... options) {
        return expiry.pexpire(writeTime(ctx), key, millis, options);
    }

    @WriteCommand(value = "EXPIREAT", flags = "fast")
    public long expireat(CommandContext ctx, byte[] key, byte[] unixSeconds, byte[]... options) {
        return expiry.expireat(writeTime(ctx), key, unixSeconds, options);
    }

    @WriteCommand(value = "PEXPIREAT", flags = "fast")
    public long pexpireat(CommandContext ctx, byte[] key, byte[] unixMillis, byte[]... options) {
        return expiry.pexpireat(writeTime(ctx), key, unixMillis, options);
    }

    @ReadCommand(value = "TTL", flags = "fast")
    public long ttl(CommandContext ctx, byte[] key) {
        return expiry.ttl(readTime(ctx), key);
    }

    @ReadCommand(value = "PTTL", flags = "fast")
    public long pttl(CommandContext ctx, byte[] key) {
        return expiry.pttl(readTime(ctx), key);
    }

    @WriteCommand(value = "PERSIST", flags = "fast")
    public long persist(CommandContext ctx, byte[] key) {
        return expiry.persist(writeTime(ctx), key);
    }

    /** Internal: deletes those of the keys that are expired at this entry's time. Proposed by the leader. */
    @WriteCommand(value = "EXPIRED", flags = "fast", lastKey = -1)
    public long expired(CommandContext ctx, byte[] key, byte[]... more) {
        return expiry.expired(writeTime(ctx), join(key, more));
    }

    /** Internal: up to {@code count} keys already expired, earliest first; what the leader sweeps. */
    @ReadCommand(value = "EXPIREDKEYS", firstKey = 0)
    public List<byte[]> expiredKeys(CommandContext ctx, byte[] count) {
        long limit = Args.parseLong(count);
        if (limit < 1 || limit > MAX_SWEEP_BATCH) {
            throw new CommandError("ERR count must be between 1 and " + MAX_SWEEP_BATCH);
        }
        return expiry.expiredCandidates(readTime(ctx), (int) limit);
    }

    // ---- snapshots

    /**
     * Freezes the keyspace's table on the apply thread (a copy of its directory, microseconds even at a
     * million keys); the entries are streamed later from another thread while writes copy what they change.
     */
    @Snapshot
    public SnapshotWriter snapshot() {
        return keyspace.capture()::writeTo;
    }

    @Restore
    public void restore(InputStream in) throws IOException {
        KeyspaceRestorer.restore(keyspace, in);
    }

    // ---- Redis features a replicated string store deliberately leaves out: flagged stale, so the
    // member that receives one answers it instead of sending the client to the leader first

    private static Object notSupported(Command command) {
        throw Errors.notSupported(command.name());
    }

    @ReadCommand(value = "MULTI", firstKey = 0, flags = CommandSpec.STALE)
    public Object multi(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "EXEC", firstKey = 0, flags = CommandSpec.STALE)
    public Object exec(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "DISCARD", firstKey = 0, flags = CommandSpec.STALE)
    public Object discard(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "WATCH", firstKey = 0, flags = CommandSpec.STALE)
    public Object watch(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "UNWATCH", firstKey = 0, flags = CommandSpec.STALE)
    public Object unwatch(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "EVAL", firstKey = 0, flags = CommandSpec.STALE)
    public Object eval(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "EVALSHA", firstKey = 0, flags = CommandSpec.STALE)
    public Object evalsha(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "SCRIPT", firstKey = 0, flags = CommandSpec.STALE)
    public Object script(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "FUNCTION", firstKey = 0, flags = CommandSpec.STALE)
    public Object function(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "FCALL", firstKey = 0, flags = CommandSpec.STALE)
    public Object fcall(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "SUBSCRIBE", firstKey = 0, flags = CommandSpec.STALE)
    public Object subscribe(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "PSUBSCRIBE", firstKey = 0, flags = CommandSpec.STALE)
    public Object psubscribe(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "SSUBSCRIBE", firstKey = 0, flags = CommandSpec.STALE)
    public Object ssubscribe(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "PUBLISH", firstKey = 0, flags = CommandSpec.STALE)
    public Object publish(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "MONITOR", firstKey = 0, flags = CommandSpec.STALE)
    public Object monitor(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "MOVE", firstKey = 0, flags = CommandSpec.STALE)
    public Object move(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "SWAPDB", firstKey = 0, flags = CommandSpec.STALE)
    public Object swapdb(Command command, byte[]... ignored) {
        return notSupported(command);
    }
}
