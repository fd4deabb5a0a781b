package io.raftboot.faults.workload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Clients that move units between two keys with {@code WATCH}/{@code MULTI}/{@code EXEC} while the
 * faults run, beside the linearizability workload. Whatever happens to a transfer (applied, aborted
 * by WATCH, timed out with an unknown outcome), the two keys must always sum to {@link #TOTAL}: every
 * read of both (one {@code MGET}, on the leader) checks it, and so does the read-back after healing.
 * A half-applied transaction, or one applied on some members only, breaks the sum.
 */
public final class TransferWorkload {
    public static final long TOTAL = 1000;

    private final Addresses addresses;
    private final String from;
    private final String to;
    private final JedisClientConfig config;
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    /** Attempts a fault cut short: the connection was refused or broke, or the answer was -TIMEOUT. */
    private final AtomicLong unknown = new AtomicLong();
    private volatile boolean stopped;

    public TransferWorkload(Addresses addresses, String keyPrefix, int clients, long seed, Duration socketTimeout) {
        this.addresses = addresses;
        this.from = keyPrefix + "from";
        this.to = keyPrefix + "to";
        this.config = DefaultJedisClientConfig.builder().socketTimeoutMillis((int) socketTimeout.toMillis())
                .connectionTimeoutMillis(1000).build();
        for (int i = 0; i < clients; i++) {
            SplittableRandom random = new SplittableRandom(seed * 7_919L + i);
            Thread thread = new Thread(() -> run(random), "transfer-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    public List<String> keys() {
        return List.of(from, to);
    }

    /** Sets both keys (one MSET, on the leader) before the clients start moving units. */
    public TransferWorkload start() {
        String target = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Jedis jedis = connect(target)) {
                jedis.mset(from, Long.toString(TOTAL), to, "0");
                break;
            } catch (JedisDataException e) {
                ErrorReply error = ErrorReply.parse(e.getMessage());
                target = error.kind() == ErrorReply.Kind.REDIRECT ? addresses.resolve(error.redirectTo()) : null;
            } catch (JedisException e) {
                target = null;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("could not set the transfer keys within 60 s");
            }
            pause(new SplittableRandom());
        }
        threads.forEach(Thread::start);
        return this;
    }

    public void stop() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(30_000);
        }
    }

    /** Everything that broke the sum, including the final values read back after healing. */
    public List<String> problems(String finalFrom, String finalTo) {
        List<String> problems = new ArrayList<>(violations);
        if (finalFrom == null || finalTo == null || Long.parseLong(finalFrom) + Long.parseLong(finalTo) != TOTAL) {
            problems.add("transfer keys read back as " + from + "=" + finalFrom + ", " + to + "=" + finalTo
                    + ": they must sum to " + TOTAL);
        }
        return problems;
    }

    public String summary() {
        return "transfers: " + committed + " applied, " + aborted + " aborted by WATCH, " + unknown
                + " interrupted by a fault (connection refused or broken, -TIMEOUT), " + violations.size()
                + " reads with a broken sum";
    }

    private void run(SplittableRandom random) {
        String target = null;
        while (!stopped) {
            try (Jedis jedis = connect(target)) {
                while (!stopped) {
                    transfer(jedis, random);
                }
            } catch (JedisDataException e) {
                ErrorReply error = ErrorReply.parse(e.getMessage());
                if (error.outcomeUnknown()) {
                    unknown.incrementAndGet();
                }
                target = error.kind() == ErrorReply.Kind.REDIRECT ? addresses.resolve(error.redirectTo()) : null;
                pause(random);
            } catch (JedisException e) {
                // a broken connection: an EXEC in flight has an unknown outcome, which the sum does not care about
                unknown.incrementAndGet();
                target = null;
                pause(random);
            }
        }
    }

    private void transfer(Jedis jedis, SplittableRandom random) {
        jedis.watch(from, to);
        List<String> both = jedis.mget(from, to);
        if (both.get(0) == null || both.get(1) == null) {
            violations.add("MGET read " + both + " for " + from + ", " + to);
            jedis.unwatch();
            return;
        }
        long a = Long.parseLong(both.get(0));
        long b = Long.parseLong(both.get(1));
        if (a + b != TOTAL) {
            violations.add("MGET read " + from + "=" + a + ", " + to + "=" + b);
        }
        long amount = 1 + random.nextInt(5);
        boolean forward = random.nextBoolean();
        Transaction transaction = jedis.multi();
        transaction.set(from, Long.toString(forward ? a - amount : a + amount));
        transaction.set(to, Long.toString(forward ? b + amount : b - amount));
        if (transaction.exec() == null) {
            aborted.incrementAndGet();
        } else {
            committed.incrementAndGet();
        }
    }

    private Jedis connect(String target) {
        String address = target;
        if (address == null) {
            List<String> members = addresses.members();
            if (members.isEmpty()) {
                throw new JedisException("no member running");
            }
            address = members.get((int) Math.floorMod(System.nanoTime(), (long) members.size()));
        }
        Jedis jedis = new Jedis(HostAndPort.from(address), config);
        jedis.connect();
        return jedis;
    }

    private static void pause(SplittableRandom random) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20 + random.nextInt(30)));
    }
}
