package io.raftboot.faults.cluster;

import io.raftboot.faults.workload.Addresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * N sample-app processes on 127.0.0.1 forming one cluster through static {@code raft.peers}
 * that name their proxies, with the faults the tests apply: kill -9 and restart from the same data
 * dir, SIGSTOP/SIGCONT, partitions of the peer links (both ways or one way), membership changes
 * and leadership transfers. Clients reach members on their real ports (see {@link #addresses()}).
 * {@link #close()} stops every process it started, by PID.
 */
public final class ProcessCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessCluster.class);
    private static final int ADMIN_TIMEOUT_MILLIS = 3000;

    private final ClusterSettings settings;
    private final List<MemberProcess> members = new CopyOnWriteArrayList<>();
    /** Every member ever started, so close() reaches removed ones too. */
    private final List<MemberProcess> everStarted = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> generation = new ConcurrentHashMap<>();

    /** Kills the members if the JVM exits without {@link #close()} (an aborted test run). */
    private final Thread killOnExit = new Thread(this::killAll, "process-cluster-kill-on-exit");

    private ProcessCluster(ClusterSettings settings) {
        this.settings = settings;
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    private void killAll() {
        for (MemberProcess m : everStarted) {
            try {
                m.kill();
            } catch (InterruptedException | RuntimeException e) {
                // best effort while the JVM exits
            }
        }
    }

    /** Starts {@code size} members (ids n1..nN) and waits until a leader is elected. */
    public static ProcessCluster start(ClusterSettings settings, int size, Duration timeout) throws IOException, InterruptedException {
        ProcessCluster cluster = new ProcessCluster(settings);
        try {
            for (int i = 1; i <= size; i++) {
                MemberProcess member = new MemberProcess("n" + i, settings.workDir());
                cluster.members.add(member);
                cluster.everStarted.add(member);
            }
            String peers = cluster.members.stream().map(m -> m.id() + "@" + m.advertised()).collect(Collectors.joining(","));
            for (MemberProcess member : cluster.members) {
                member.start(settings, List.of("--raft.peers=" + peers));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            MemberProcess leader = cluster.awaitLeader(timeout);
            // a majority naming the leader is enough for awaitLeader; a test starting now expects every
            // member to serve (one still wiring itself up answers -LOADING to everything)
            await(remaining(deadline), "every member to name " + leader.id(), () -> cluster.members.stream()
                    .allMatch(m -> leader.advertised().equals(Admin.tryCall(m.clientAddress(), ADMIN_TIMEOUT_MILLIS, "RAFTLEADER"))));
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public List<MemberProcess> members() {
        return List.copyOf(members);
    }

    public MemberProcess member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + id + " in " + members));
    }

    public ClusterSettings settings() {
        return settings;
    }

    /** Client view: running members' real addresses; advertised (proxy) addresses map to them. */
    public Addresses addresses() {
        return new Addresses() {
            @Override
            public List<String> members() {
                return ProcessCluster.this.members.stream().filter(MemberProcess::isRunning)
                        .map(MemberProcess::clientAddress).toList();
            }

            @Override
            public String resolve(String advertised) {
                for (MemberProcess m : everStarted) {
                    if (m.advertised().equals(advertised)) {
                        return m.clientAddress();
                    }
                }
                return advertised;
            }
        };
    }

    // ---------------------------------------------------------------- leader

    /** The member that calls itself leader and is named leader by itself, if any answers now. */
    public Optional<MemberProcess> leader() {
        for (MemberProcess m : members) {
            if (!m.isRunning() || m.isPaused()) {
                continue;
            }
            String state = Admin.tryCall(m.clientAddress(), ADMIN_TIMEOUT_MILLIS, "RAFTSTATE");
            if ("Leader".equals(state)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Waits until some member is leader and a majority of running members name it. */
    public MemberProcess awaitLeader(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<MemberProcess> leader = leader();
            if (leader.isPresent() && namedByMajority(leader.get())) {
                return leader.get();
            }
            checkStillRunning();
            pollUntil(deadline, "a leader among " + members);
        }
    }

    private boolean namedByMajority(MemberProcess leader) {
        int naming = 0;
        for (MemberProcess m : members) {
            if (m.isRunning() && !m.isPaused()
                    && leader.advertised().equals(Admin.tryCall(m.clientAddress(), ADMIN_TIMEOUT_MILLIS, "RAFTLEADER"))) {
                naming++;
            }
        }
        return naming > members.size() / 2;
    }

    private void checkStillRunning() {
        for (MemberProcess m : members) {
            if (m.pid() > 0 && !m.isRunning() && !expectedDown.contains(m.id())) {
                throw new IllegalStateException(m.id() + " exited unexpectedly; see " + m.logFile());
            }
        }
    }

    private final Set<String> expectedDown = ConcurrentHashMap.newKeySet();
    private final List<String> unexpectedExits = new CopyOnWriteArrayList<>();

    private static void pollUntil(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() - deadline > 0) {
            throw new IllegalStateException("timed out waiting for " + what);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Polls {@code condition} every 100 ms until true or the timeout. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            pollUntil(deadline, what);
        }
    }

    // ---------------------------------------------------------------- process faults

    public void kill(MemberProcess member) throws InterruptedException {
        log.info("kill -9 {}", member);
        expectedDown.add(member.id());
        member.kill();
    }

    public void restart(MemberProcess member) throws IOException {
        log.info("restart {} from {}", member.id(), member.dataDir());
        // data dir holds the membership: no peers or join needed (they are ignored anyway)
        member.start(settings, List.of());
        expectedDown.remove(member.id());
    }

    public void pause(MemberProcess member) throws IOException, InterruptedException {
        log.info("SIGSTOP {}", member);
        member.pause();
    }

    public void resume(MemberProcess member) throws IOException, InterruptedException {
        log.info("SIGCONT {}", member);
        member.resume();
    }

    // ---------------------------------------------------------------- network faults

    /** Cuts every peer link between members of different groups, both ways. */
    public void partition(Collection<? extends Collection<MemberProcess>> groups) {
        List<List<MemberProcess>> sides = groups.stream().map(g -> (List<MemberProcess>) new ArrayList<>(g)).toList();
        log.info("partition {}", sides.stream().map(g -> g.stream().map(MemberProcess::id).toList()).toList());
        for (int i = 0; i < sides.size(); i++) {
            for (int j = 0; j < sides.size(); j++) {
                if (i == j) {
                    continue;
                }
                for (MemberProcess from : sides.get(i)) {
                    for (MemberProcess to : sides.get(j)) {
                        to.proxy().cut(from.id());
                    }
                }
            }
        }
    }

    /** Isolates one member from every other, both ways. */
    public void isolate(MemberProcess member) {
        List<MemberProcess> rest = members.stream().filter(m -> m != member).toList();
        partition(List.of(List.of(member), rest));
    }

    /** Drops every message from {@code from} to {@code to}; the other direction still flows. */
    public void cutOneWay(MemberProcess from, MemberProcess to) {
        log.info("cut {} -> {}", from.id(), to.id());
        to.proxy().cut(from.id());
    }

    public void heal() {
        log.info("heal all links");
        for (MemberProcess m : everStarted) {
            m.proxy().restoreAll();
        }
    }

    // ---------------------------------------------------------------- cluster operations

    /** RAFTTRANSFER on the current leader (to the most caught-up voter); false if it was refused. */
    public boolean transferLeadership() throws InterruptedException {
        MemberProcess leader = awaitLeader(Duration.ofSeconds(30));
        log.info("RAFTTRANSFER on {}", leader.id());
        try {
            Admin.call(leader.clientAddress(), ADMIN_TIMEOUT_MILLIS * 3, "RAFTTRANSFER");
            return true;
        } catch (JedisException e) {
            log.info("RAFTTRANSFER refused: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Removes {@code member} (RAFTREMOVEPEER on the leader), kills it, wipes its data, and brings
     * it back as a new member with a new id ({@code raft.join}, which sends RAFTADDPEER), waiting
     * until it is a voting follower. Returns the new member.
     */
    public MemberProcess replace(MemberProcess member, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        removeMember(member, deadline);
        kill(member);
        member.wipe();
        members.remove(member);
        int next = generation.merge(baseId(member.id()), 1, Integer::sum);
        MemberProcess fresh = new MemberProcess(baseId(member.id()) + "-r" + next, settings.workDir());
        everStarted.add(fresh);
        MemberProcess leader = awaitLeader(remaining(deadline));
        log.info("{} joins through {}", fresh.id(), leader.id());
        fresh.start(settings, List.of("--raft.join=" + leader.advertised()));
        members.add(fresh);
        await(remaining(deadline), fresh.id() + " to become a voting follower",
                () -> "Follower".equals(Admin.tryCall(fresh.clientAddress(), ADMIN_TIMEOUT_MILLIS, "RAFTSTATE"))
                        && isVoter(fresh));
        return fresh;
    }

    private void removeMember(MemberProcess member, long deadline) throws InterruptedException {
        while (true) {
            MemberProcess leader = awaitLeader(remaining(deadline));
            log.info("RAFTREMOVEPEER {} on {}", member.id(), leader.id());
            try {
                Admin.call(leader.clientAddress(), (int) Math.min(remaining(deadline).toMillis(), 20_000), "RAFTREMOVEPEER", member.id());
                return;
            } catch (JedisException e) {
                if (String.valueOf(e.getMessage()).startsWith("ERR unknown member")) {
                    // an earlier attempt went through although its reply was lost (a timeout, or the
                    // leader removing itself and stepping down before it could answer)
                    log.info("RAFTREMOVEPEER {}: already removed", member.id());
                    return;
                }
                log.info("RAFTREMOVEPEER {} not done: {}", member.id(), e.getMessage());
                pollUntil(deadline, "removal of " + member.id());
            }
        }
    }

    /** Whether the leader's RAFTPEERS lists the member as anything but a learner. */
    private boolean isVoter(MemberProcess member) {
        Optional<MemberProcess> leader = leader();
        if (leader.isEmpty()) {
            return false;
        }
        String peers = Admin.tryCall(leader.get().clientAddress(), ADMIN_TIMEOUT_MILLIS, "RAFTPEERS");
        if (peers == null) {
            return false;
        }
        String[] words = peers.split(" ");
        for (int i = 0; i + 1 < words.length; i += 2) {
            if (words[i].equals(member.advertised())) {
                return !words[i + 1].equals("Learner");
            }
        }
        return false;
    }

    private static String baseId(String id) {
        int dash = id.indexOf("-r");
        return dash < 0 ? id : id.substring(0, dash);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** GET on the leader (consistent read at high/medium), for reading back keys after the run. */
    public String readOnLeader(String key) throws InterruptedException {
        return readOnLeader("GET", key);
    }

    /** A read command (GET key, HGET key field, ...) answered by the leader, retried for up to a minute. */
    public String readOnLeader(String command, String... args) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String what = command + " " + String.join(" ", args);
        while (true) {
            MemberProcess leader = awaitLeader(remaining(deadline));
            try {
                return Admin.call(leader.clientAddress(), ADMIN_TIMEOUT_MILLIS, command, args);
            } catch (JedisException e) {
                log.info("read-back {} on {} failed: {}", what, leader.id(), e.getMessage());
                pollUntil(deadline, "read-back " + what);
            }
        }
    }

    /**
     * Resumes paused members, heals links, restarts killed ones. A member that exited without
     * being killed (a fatal error) is noted in {@link #unexpectedExits()}, then restarted too, so
     * the run goes on.
     */
    public void healAll() throws IOException, InterruptedException {
        heal();
        for (MemberProcess m : members) {
            if (m.isPaused()) {
                resume(m);
            }
            if (!m.isRunning()) {
                if (!expectedDown.contains(m.id())) {
                    String exit = m.id() + " exited on its own (pid " + m.pid() + "); see " + m.logFile();
                    log.warn(exit);
                    unexpectedExits.add(exit);
                }
                restart(m);
            }
        }
    }

    /** Members that exited without being killed, as found by {@link #healAll()} or {@link #checkExits()}. */
    public List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    /** Notes members that exited without being killed. */
    public void checkExits() {
        for (MemberProcess m : members) {
            if (m.pid() > 0 && !m.isRunning() && !expectedDown.contains(m.id())) {
                String exit = m.id() + " exited on its own (pid " + m.pid() + "); see " + m.logFile();
                if (!unexpectedExits.contains(exit)) {
                    unexpectedExits.add(exit);
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // already exiting: the hook runs anyway
        }
        for (MemberProcess m : everStarted) {
            try {
                m.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("stopping {} failed: {}", m, e.toString());
            }
            m.closeProxy();
        }
    }
}
