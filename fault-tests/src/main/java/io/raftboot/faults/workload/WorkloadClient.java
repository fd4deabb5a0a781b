package io.raftboot.faults.workload;

import io.raftboot.test.history.HistoryRecorder;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One client process of the workload: one Jedis connection, one command in flight, never re-sent
 * (Jedis does not retry on its own). Follows {@code -TRY} to the leader; after a broken
 * connection or a timeout it reconnects (to the last leader it heard of, or any member).
 * A <em>pinned reader</em> only reads, always on the same member, and never follows redirects:
 * it shows what that member serves locally.
 *
 * <p>Every command goes into the history: invoked just before sending; ok with its reply; failed
 * on a redirect, {@code -CLUSTERDOWN} or another refusal; unknown on {@code -TIMEOUT} or a broken
 * connection (the request may have reached the leader's log).
 */
final class WorkloadClient implements Runnable {
    private final int process;
    private final Addresses addresses;
    private final HistoryRecorder recorder;
    private final KeySpace keys;
    private final SplittableRandom random;
    private final BooleanSupplier stopped;
    private final JedisClientConfig config;
    private final WorkloadStats stats;
    /** For a pinned reader: where it always connects; null for ordinary clients. */
    private final Supplier<String> pinned;
    private Jedis jedis;
    private String target;
    private long sequence;

    WorkloadClient(int process, Addresses addresses, HistoryRecorder recorder, KeySpace keys, long seed,
                   BooleanSupplier stopped, int socketTimeoutMillis, WorkloadStats stats, Supplier<String> pinned) {
        this.pinned = pinned;
        this.process = process;
        this.addresses = addresses;
        this.recorder = recorder;
        this.keys = keys;
        this.random = new SplittableRandom(seed);
        this.stopped = stopped;
        this.stats = stats;
        this.config = DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(socketTimeoutMillis)
                .connectionTimeoutMillis(Math.min(socketTimeoutMillis, 1000))
                .build();
    }

    @Override
    public void run() {
        try {
            while (!stopped.getAsBoolean()) {
                if (!connected()) {
                    backOff();
                    continue;
                }
                step();
            }
        } finally {
            disconnect();
        }
    }

    private void step() {
        String key = keys.pick(random);
        boolean counter = keys.isCounter(key);
        OpType type;
        boolean field = keys.isHashField(key);
        if (pinned != null) {
            type = field ? OpType.FIELD_READ : OpType.READ;
        } else if (field) {
            type = random.nextBoolean() ? OpType.FIELD_WRITE : OpType.FIELD_READ;
        } else if (counter) {
            type = random.nextInt(10) < 7 ? OpType.INCR : OpType.READ;
        } else {
            type = random.nextBoolean() ? OpType.WRITE : OpType.READ;
        }
        String value = type.writesValue() ? "p" + process + "-" + (sequence++) : null;
        HistoryRecorder.Pending op = recorder.invoke(process, key, type.command(), value);
        try {
            String reply = switch (type) {
                case READ -> jedis.get(key);
                case WRITE -> jedis.set(key, value);
                case INCR -> Long.toString(jedis.incr(key));
                case FIELD_READ -> jedis.hget(KeySpace.hashOf(key), KeySpace.fieldOf(key));
                case FIELD_WRITE -> Long.toString(jedis.hset(KeySpace.hashOf(key), KeySpace.fieldOf(key), value));
            };
            op.ok(reply);
            stats.ok(type);
        } catch (JedisConnectionException e) {
            // the request may or may not have reached the server: outcome unknown
            op.unknown();
            stats.unknown(type);
            disconnect();
        } catch (JedisDataException e) {
            ErrorReply error = ErrorReply.parse(e.getMessage());
            if (error.outcomeUnknown()) {
                op.unknown();
                stats.unknown(type);
                // the leader may be gone: look for it afresh
                disconnect();
                target = null;
            } else {
                op.fail();
                stats.fail(type);
                onRefused(error);
            }
        } catch (JedisException e) {
            op.unknown();
            stats.unknown(type);
            disconnect();
        }
    }

    private void onRefused(ErrorReply error) {
        switch (error.kind()) {
            case REDIRECT -> {
                if (pinned != null) {
                    backOff();
                    return;
                }
                disconnect();
                target = addresses.resolve(error.redirectTo());
            }
            case NO_LEADER -> {
                disconnect();
                target = null;
                backOff();
            }
            default -> backOff();
        }
    }

    private boolean connected() {
        if (jedis != null) {
            return true;
        }
        String address = pinned != null ? pinned.get() : target;
        if (address == null && pinned != null) {
            return false;
        }
        if (address == null) {
            List<String> members = addresses.members();
            if (members.isEmpty()) {
                return false;
            }
            address = members.get(random.nextInt(members.size()));
        }
        try {
            jedis = new Jedis(HostAndPort.from(address), config);
            jedis.connect();
            return true;
        } catch (JedisException e) {
            disconnect();
            target = null;
            return false;
        }
    }

    private void disconnect() {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (JedisException ignored) {
                // closing a broken connection: nothing to do
            }
            jedis = null;
        }
    }

    /** A short pause while no leader is known, so that clients do not spin. */
    private void backOff() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(30)));
    }
}
