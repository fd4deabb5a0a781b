package io.raftboot.sample;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.Status;
import io.raftboot.sample.keyspace.Args;
import io.raftboot.sample.keyspace.CommandError;
import io.raftboot.sample.keyspace.Errors;
import io.raftboot.sample.keyspace.ExpiryCommands;
import io.raftboot.sample.keyspace.HashCommands;
import io.raftboot.sample.keyspace.KeyCommands;
import io.raftboot.sample.keyspace.Keyspace;
import io.raftboot.sample.keyspace.KeyspaceRestorer;
import io.raftboot.sample.keyspace.ListCommands;
import io.raftboot.sample.keyspace.ObjectCommand;
import io.raftboot.sample.keyspace.ScanCommand;
import io.raftboot.sample.keyspace.SetCommands;
import io.raftboot.sample.keyspace.SimpleReply;
import io.raftboot.sample.keyspace.StringCommands;
import io.raftboot.sample.keyspace.ZSetCommands;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The replicated state of the sample: Redis string, hash, list, set, sorted set and key commands over one
 * {@link Keyspace}. This class only binds commands to the command classes.
 *
 * <p>Writes judge expiry by the entry's leader timestamp ({@link CommandContext#timestampMillis()}),
 * identical on every member. Reads judge it by the later of the last applied entry's time and the
 * local clock, and never change anything; expired keys disappear through {@code EXPIRED} entries that
 * the leader proposes (see {@code ExpirySweeper}). Everything here runs on the apply thread.
 */
@RaftStateMachine
public class KeyspaceStateMachine implements KeyspaceReporter {

    /** The most keys one {@code EXPIREDKEYS} call may ask for; also bounds {@code sample.expiry.batch}. */
    public static final int MAX_SWEEP_BATCH = 10_000;

    private final Keyspace keyspace = new Keyspace();
    private final StringCommands strings = new StringCommands(keyspace);
    private final KeyCommands keys = new KeyCommands(keyspace);
    private final ExpiryCommands expiry = new ExpiryCommands(keyspace);
    private final ScanCommand scanner = new ScanCommand(keyspace);
    private final HashCommands hashes = new HashCommands(keyspace);
    private final ListCommands lists = new ListCommands(keyspace);
    private final SetCommands sets = new SetCommands(keyspace);
    private final ZSetCommands zsets = new ZSetCommands(keyspace);
    private final ObjectCommand objects = new ObjectCommand(keyspace);

    private static long writeTime(CommandContext ctx) {
        return ctx.timestampMillis();
    }

    private long readTime(CommandContext ctx) {
        return keyspace.readTime(ctx.timestampMillis());
    }

    /** Keyspace replies use their own simple-string type; the runtime knows {@link Status}. */
    private static Object reply(Object value) {
        if (value == SimpleReply.OK) {
            return Status.OK; // every plain SET: the shared status, not one per write
        }
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

    /** OBJECT ENCODING names the structures as they really are here: see {@link ObjectCommand}. */
    @ReadCommand(value = "OBJECT", firstKey = 2, lastKey = 2)
    public Object object(CommandContext ctx, byte[] subcommand, byte[]... args) {
        return objects.object(readTime(ctx), subcommand, args);
    }

    @ReadCommand(value = "DBSIZE", flags = "fast", firstKey = 0)
    public long dbsize(CommandContext ctx) {
        return keys.dbsize(readTime(ctx));
    }

    /** Flagged admin (Redis's @dangerous): only users with role admin may wipe every key. */
    @WriteCommand(value = "FLUSHALL", flags = CommandSpec.ADMIN, firstKey = 0)
    public Object flushall(CommandContext ctx, byte[]... options) {
        return reply(keys.flushall(writeTime(ctx), options));
    }

    /** With a single database, FLUSHDB is FLUSHALL; flagged admin like it. */
    @WriteCommand(value = "FLUSHDB", flags = CommandSpec.ADMIN, firstKey = 0)
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

    // ---- hashes

    @WriteCommand(value = "HSET", flags = {"denyoom", "fast"})
    public long hset(CommandContext ctx, byte[] key, byte[] field, byte[] value, byte[]... more) {
        return hashes.hset(writeTime(ctx), key, join(field, join(value, more)));
    }

    @WriteCommand(value = "HSETNX", flags = {"denyoom", "fast"})
    public long hsetnx(CommandContext ctx, byte[] key, byte[] field, byte[] value) {
        return hashes.hsetnx(writeTime(ctx), key, field, value);
    }

    @ReadCommand(value = "HGET", flags = "fast")
    public byte[] hget(CommandContext ctx, byte[] key, byte[] field) {
        return hashes.hget(readTime(ctx), key, field);
    }

    @ReadCommand(value = "HMGET", flags = "fast")
    public List<byte[]> hmget(CommandContext ctx, byte[] key, byte[] field, byte[]... more) {
        return hashes.hmget(readTime(ctx), key, join(field, more));
    }

    @WriteCommand(value = "HDEL", flags = "fast")
    public long hdel(CommandContext ctx, byte[] key, byte[] field, byte[]... more) {
        return hashes.hdel(writeTime(ctx), key, join(field, more));
    }

    @ReadCommand(value = "HEXISTS", flags = "fast")
    public long hexists(CommandContext ctx, byte[] key, byte[] field) {
        return hashes.hexists(readTime(ctx), key, field);
    }

    @ReadCommand(value = "HLEN", flags = "fast")
    public long hlen(CommandContext ctx, byte[] key) {
        return hashes.hlen(readTime(ctx), key);
    }

    @ReadCommand("HGETALL")
    public List<byte[]> hgetall(CommandContext ctx, byte[] key) {
        return hashes.hgetall(readTime(ctx), key);
    }

    @ReadCommand("HKEYS")
    public List<byte[]> hkeys(CommandContext ctx, byte[] key) {
        return hashes.hkeys(readTime(ctx), key);
    }

    @ReadCommand("HVALS")
    public List<byte[]> hvals(CommandContext ctx, byte[] key) {
        return hashes.hvals(readTime(ctx), key);
    }

    @WriteCommand(value = "HINCRBY", flags = {"denyoom", "fast"})
    public long hincrby(CommandContext ctx, byte[] key, byte[] field, byte[] increment) {
        return hashes.hincrby(writeTime(ctx), key, field, increment);
    }

    @WriteCommand(value = "HINCRBYFLOAT", flags = {"denyoom", "fast"})
    public byte[] hincrbyfloat(CommandContext ctx, byte[] key, byte[] field, byte[] increment) {
        return hashes.hincrbyfloat(writeTime(ctx), key, field, increment);
    }

    @ReadCommand("HSCAN")
    public List<Object> hscan(CommandContext ctx, byte[] key, byte[] cursor, byte[]... options) {
        return hashes.hscan(readTime(ctx), key, cursor, options);
    }

    // ---- lists

    @WriteCommand(value = "LPUSH", flags = {"denyoom", "fast"})
    public long lpush(CommandContext ctx, byte[] key, byte[] element, byte[]... more) {
        return lists.lpush(writeTime(ctx), key, join(element, more));
    }

    @WriteCommand(value = "RPUSH", flags = {"denyoom", "fast"})
    public long rpush(CommandContext ctx, byte[] key, byte[] element, byte[]... more) {
        return lists.rpush(writeTime(ctx), key, join(element, more));
    }

    @WriteCommand(value = "LPUSHX", flags = {"denyoom", "fast"})
    public long lpushx(CommandContext ctx, byte[] key, byte[] element, byte[]... more) {
        return lists.lpushx(writeTime(ctx), key, join(element, more));
    }

    @WriteCommand(value = "RPUSHX", flags = {"denyoom", "fast"})
    public long rpushx(CommandContext ctx, byte[] key, byte[] element, byte[]... more) {
        return lists.rpushx(writeTime(ctx), key, join(element, more));
    }

    @WriteCommand(value = "LPOP", flags = "fast")
    public Object lpop(CommandContext ctx, byte[] key, byte[]... count) {
        return lists.lpop(writeTime(ctx), key, count);
    }

    @WriteCommand(value = "RPOP", flags = "fast")
    public Object rpop(CommandContext ctx, byte[] key, byte[]... count) {
        return lists.rpop(writeTime(ctx), key, count);
    }

    @ReadCommand(value = "LLEN", flags = "fast")
    public long llen(CommandContext ctx, byte[] key) {
        return lists.llen(readTime(ctx), key);
    }

    @ReadCommand("LRANGE")
    public List<byte[]> lrange(CommandContext ctx, byte[] key, byte[] start, byte[] stop) {
        return lists.lrange(readTime(ctx), key, start, stop);
    }

    @ReadCommand("LINDEX")
    public byte[] lindex(CommandContext ctx, byte[] key, byte[] index) {
        return lists.lindex(readTime(ctx), key, index);
    }

    @WriteCommand(value = "LSET", flags = "denyoom")
    public Object lset(CommandContext ctx, byte[] key, byte[] index, byte[] element) {
        return reply(lists.lset(writeTime(ctx), key, index, element));
    }

    @WriteCommand("LREM")
    public long lrem(CommandContext ctx, byte[] key, byte[] count, byte[] element) {
        return lists.lrem(writeTime(ctx), key, count, element);
    }

    @WriteCommand("LTRIM")
    public Object ltrim(CommandContext ctx, byte[] key, byte[] start, byte[] stop) {
        return reply(lists.ltrim(writeTime(ctx), key, start, stop));
    }

    @WriteCommand(value = "LMOVE", flags = "denyoom", lastKey = 2)
    public byte[] lmove(CommandContext ctx, byte[] source, byte[] destination, byte[] from, byte[] to) {
        return lists.lmove(writeTime(ctx), source, destination, from, to);
    }

    @WriteCommand(value = "RPOPLPUSH", flags = "denyoom", lastKey = 2)
    public byte[] rpoplpush(CommandContext ctx, byte[] source, byte[] destination) {
        return lists.rpoplpush(writeTime(ctx), source, destination);
    }

    // ---- sets

    @WriteCommand(value = "SADD", flags = {"denyoom", "fast"})
    public long sadd(CommandContext ctx, byte[] key, byte[] member, byte[]... more) {
        return sets.sadd(writeTime(ctx), key, join(member, more));
    }

    @WriteCommand(value = "SREM", flags = "fast")
    public long srem(CommandContext ctx, byte[] key, byte[] member, byte[]... more) {
        return sets.srem(writeTime(ctx), key, join(member, more));
    }

    @ReadCommand(value = "SISMEMBER", flags = "fast")
    public long sismember(CommandContext ctx, byte[] key, byte[] member) {
        return sets.sismember(readTime(ctx), key, member);
    }

    @ReadCommand(value = "SMISMEMBER", flags = "fast")
    public List<Long> smismember(CommandContext ctx, byte[] key, byte[] member, byte[]... more) {
        return sets.smismember(readTime(ctx), key, join(member, more));
    }

    @ReadCommand("SMEMBERS")
    public List<byte[]> smembers(CommandContext ctx, byte[] key) {
        return sets.smembers(readTime(ctx), key);
    }

    @ReadCommand(value = "SCARD", flags = "fast")
    public long scard(CommandContext ctx, byte[] key) {
        return sets.scard(readTime(ctx), key);
    }

    /** The entry's seed picks the members, so every member pops the same ones. */
    @WriteCommand(value = "SPOP", flags = "fast")
    public Object spop(CommandContext ctx, byte[] key, byte[]... count) {
        return sets.spop(writeTime(ctx), ctx.randomSeed(), key, count);
    }

    /** The read context's seed (from the applied index and term) makes the choice a function of the state read. */
    @ReadCommand("SRANDMEMBER")
    public Object srandmember(CommandContext ctx, byte[] key, byte[]... count) {
        return sets.srandmember(readTime(ctx), ctx.randomSeed(), key, count);
    }

    @ReadCommand(value = "SINTER", lastKey = -1)
    public List<byte[]> sinter(CommandContext ctx, byte[] key, byte[]... more) {
        return sets.sinter(readTime(ctx), join(key, more));
    }

    @ReadCommand(value = "SUNION", lastKey = -1)
    public List<byte[]> sunion(CommandContext ctx, byte[] key, byte[]... more) {
        return sets.sunion(readTime(ctx), join(key, more));
    }

    @ReadCommand(value = "SDIFF", lastKey = -1)
    public List<byte[]> sdiff(CommandContext ctx, byte[] key, byte[]... more) {
        return sets.sdiff(readTime(ctx), join(key, more));
    }

    @WriteCommand(value = "SINTERSTORE", flags = "denyoom", lastKey = -1)
    public long sinterstore(CommandContext ctx, byte[] destination, byte[] key, byte[]... more) {
        return sets.sinterstore(writeTime(ctx), destination, join(key, more));
    }

    @WriteCommand(value = "SUNIONSTORE", flags = "denyoom", lastKey = -1)
    public long sunionstore(CommandContext ctx, byte[] destination, byte[] key, byte[]... more) {
        return sets.sunionstore(writeTime(ctx), destination, join(key, more));
    }

    @WriteCommand(value = "SDIFFSTORE", flags = "denyoom", lastKey = -1)
    public long sdiffstore(CommandContext ctx, byte[] destination, byte[] key, byte[]... more) {
        return sets.sdiffstore(writeTime(ctx), destination, join(key, more));
    }

    @ReadCommand("SSCAN")
    public List<Object> sscan(CommandContext ctx, byte[] key, byte[] cursor, byte[]... options) {
        return sets.sscan(readTime(ctx), key, cursor, options);
    }

    // ---- sorted sets

    @WriteCommand(value = "ZADD", flags = {"denyoom", "fast"})
    public Object zadd(CommandContext ctx, byte[] key, byte[] first, byte[] second, byte[]... more) {
        return zsets.zadd(writeTime(ctx), key, join(first, join(second, more)));
    }

    @WriteCommand(value = "ZREM", flags = "fast")
    public long zrem(CommandContext ctx, byte[] key, byte[] member, byte[]... more) {
        return zsets.zrem(writeTime(ctx), key, join(member, more));
    }

    @ReadCommand(value = "ZSCORE", flags = "fast")
    public byte[] zscore(CommandContext ctx, byte[] key, byte[] member) {
        return zsets.zscore(readTime(ctx), key, member);
    }

    @WriteCommand(value = "ZINCRBY", flags = {"denyoom", "fast"})
    public byte[] zincrby(CommandContext ctx, byte[] key, byte[] increment, byte[] member) {
        return zsets.zincrby(writeTime(ctx), key, increment, member);
    }

    @ReadCommand(value = "ZCARD", flags = "fast")
    public long zcard(CommandContext ctx, byte[] key) {
        return zsets.zcard(readTime(ctx), key);
    }

    @ReadCommand("ZCOUNT")
    public long zcount(CommandContext ctx, byte[] key, byte[] min, byte[] max) {
        return zsets.zcount(readTime(ctx), key, min, max);
    }

    @ReadCommand("ZRANGE")
    public List<byte[]> zrange(CommandContext ctx, byte[] key, byte[] start, byte[] stop, byte[]... options) {
        return zsets.zrange(readTime(ctx), key, start, stop, options);
    }

    @ReadCommand("ZRANGEBYSCORE")
    public List<byte[]> zrangebyscore(CommandContext ctx, byte[] key, byte[] min, byte[] max, byte[]... options) {
        return zsets.zrangebyscore(readTime(ctx), key, min, max, options);
    }

    @ReadCommand(value = "ZRANK", flags = "fast")
    public Long zrank(CommandContext ctx, byte[] key, byte[] member) {
        return zsets.zrank(readTime(ctx), key, member);
    }

    @ReadCommand(value = "ZREVRANK", flags = "fast")
    public Long zrevrank(CommandContext ctx, byte[] key, byte[] member) {
        return zsets.zrevrank(readTime(ctx), key, member);
    }

    @WriteCommand(value = "ZPOPMIN", flags = "fast")
    public List<byte[]> zpopmin(CommandContext ctx, byte[] key, byte[]... count) {
        return zsets.zpopmin(writeTime(ctx), key, count);
    }

    @WriteCommand(value = "ZPOPMAX", flags = "fast")
    public List<byte[]> zpopmax(CommandContext ctx, byte[] key, byte[]... count) {
        return zsets.zpopmax(writeTime(ctx), key, count);
    }

    @ReadCommand("ZSCAN")
    public List<Object> zscan(CommandContext ctx, byte[] key, byte[] cursor, byte[]... options) {
        return zsets.zscan(readTime(ctx), key, cursor, options);
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

    /** For INFO keyspace: keys and keys with an expiry, as the apply thread last published them. */
    @Override
    public KeyspaceStats keyspaceStats() {
        return keyspace.stats();
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

    /** A blocking pop waits for another client's write: no single log entry can do that. */
    @ReadCommand(value = "BLPOP", firstKey = 0, flags = CommandSpec.STALE)
    public Object blpop(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BRPOP", firstKey = 0, flags = CommandSpec.STALE)
    public Object brpop(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BLMOVE", firstKey = 0, flags = CommandSpec.STALE)
    public Object blmove(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BRPOPLPUSH", firstKey = 0, flags = CommandSpec.STALE)
    public Object brpoplpush(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BZPOPMIN", firstKey = 0, flags = CommandSpec.STALE)
    public Object bzpopmin(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BZPOPMAX", firstKey = 0, flags = CommandSpec.STALE)
    public Object bzpopmax(Command command, byte[]... ignored) {
        return notSupported(command);
    }

    @ReadCommand(value = "BLMPOP", firstKey = 0, flags = CommandSpec.STALE)
    public Object blmpop(Command command, byte[]... ignored) {
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
