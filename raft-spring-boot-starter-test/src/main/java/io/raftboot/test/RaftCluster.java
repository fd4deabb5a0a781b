package io.raftboot.test;

import static org.awaitility.Awaitility.await;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.StateMachine;
import io.raftboot.test.determinism.CommandLog;
import io.raftboot.test.determinism.DeterminismCheck;
import io.raftboot.test.determinism.LoggedCommand;
import io.raftboot.test.history.HistoryRecorder;
import io.raftboot.test.net.LinkProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Raft cluster in this JVM on 127.0.0.1, each member with its own data directory, and faults
 * that act on the real network: every member's peers and clients reach it through a
 * {@link LinkProxy}, so a partition closes real connections and a pause leaves real bytes unread.
 * Build one with {@link #start}, or let {@link EmbeddedRaftCluster} do it for a test.
 *
 * <p>What an in-JVM member cannot do like a process: {@link #kill} stops it without a leadership
 * hand-off and with its connections cut first, but the operating system still holds what it wrote
 * (as after a process crash, not a power loss); {@link #pause} freezes its network, not its
 * threads, so its timers still fire while nothing it sends gets out.
 */
public final class RaftCluster implements AutoCloseable {
    /** How long a command may take: a request timeout plus slack for a shared machine. */
    static final Duration REQUEST_BOUND = Duration.ofSeconds(10);

    private final ClusterSettings settings;
    private final Path root;
    private final List<ClusterMember> members = new CopyOnWriteArrayList<>();
    private final List<LinkProxy> proxies = new CopyOnWriteArrayList<>();
    private final CommandLog log = new CommandLog();
    private final MemberLauncher launcher;
    private int nextId = 1;

    private RaftCluster(ClusterSettings settings, Path root) {
        this.settings = settings;
        this.root = root;
        this.launcher = settings.launcher();
    }

    /** Starts the members and returns once one of them leads and a majority follows it. */
    public static RaftCluster start(ClusterSettings settings) {
        RaftCluster cluster;
        try {
            cluster = new RaftCluster(settings, Files.createTempDirectory("raft-cluster"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            for (int i = 0; i < settings.members(); i++) {
                cluster.members.add(cluster.newMember());
            }
            for (ClusterMember member : cluster.members) {
                cluster.launch(member, cluster.staticPeers(), null);
            }
            cluster.leader();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private ClusterMember newMember() {
        String id = "n" + nextId++;
        try {
            // the real port is not known until the node binds: the proxy learns it then
            LinkProxy proxy = new LinkProxy(id, 1);
            proxies.add(proxy);
            return new ClusterMember(id, root.resolve(id), proxy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> staticPeers() {
        return members.stream().map(m -> m.id() + "@" + m.address()).toList();
    }

    private void launch(ClusterMember member, List<String> peers, String join) {
        MemberLauncher.Launched launched = launcher.launch(new MemberLauncher.MemberConfig(member.id(), member.address(),
                member.dataDir(), peers, join, settings.electionTimeout(), settings.logStore(), log::recording));
        member.proxy.target(launched.node().port());
        member.started(launched);
    }

    /** Every member ever started and not removed, running or not, in id order. */
    public List<ClusterMember> members() {
        return List.copyOf(members);
    }

    public ClusterMember member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no member " + id + " in " + members));
    }

    /** The running members other than {@code member}. */
    public List<ClusterMember> others(ClusterMember member) {
        return members.stream().filter(m -> m != member && m.running()).toList();
    }

    /**
     * Waits for a leader that a majority of the members follows in its term (a leader cut off in a
     * minority may still believe it leads: it is not returned) and that serves reads.
     */
    public ClusterMember leader() {
        ClusterMember[] found = new ClusterMember[1];
        await().atMost(waitBound()).pollInterval(Duration.ofMillis(10))
                .alias("a leader followed by a majority of " + members)
                .until(() -> (found[0] = currentLeader()) != null);
        return found[0];
    }

    private ClusterMember currentLeader() {
        List<NodeStatus> statuses = members.stream().filter(ClusterMember::running).map(ClusterMember::status).toList();
        for (NodeStatus candidate : statuses) {
            if (candidate.role() != NodeRole.LEADER || !candidate.leaderReady()) {
                continue;
            }
            long followers = statuses.stream()
                    .filter(s -> candidate.id().equals(s.leaderId()) && s.term() == candidate.term()).count();
            long voters = candidate.members().stream().filter(m -> m.voter()).count();
            if (followers > voters / 2) {
                return member(candidate.id());
            }
        }
        return null;
    }

    private Duration waitBound() {
        return settings.electionTimeout().multipliedBy(20).plusSeconds(5);
    }

    // ---- faults on the network ------------------------------------------------------------------

    /**
     * Splits the members in two: {@code side} and everyone else. Every peer link across is cut both
     * ways (open connections closed, new ones closed as soon as they say who they are); clients
     * still reach every member.
     */
    public void partition(ClusterMember... side) {
        Set<ClusterMember> inside = Set.of(side);
        for (ClusterMember a : inside) {
            for (ClusterMember b : members) {
                if (!inside.contains(b)) {
                    b.proxy.cut(a.id());
                    a.proxy.cut(b.id());
                }
            }
        }
    }

    /** Cuts every peer link of {@code member}. */
    public void isolate(ClusterMember member) {
        partition(member);
    }

    /** Restores every cut link and releases every paused member. */
    public void heal() {
        for (ClusterMember member : members) {
            member.proxy.restoreAll();
            member.proxy.release();
        }
    }

    /**
     * Freezes the member's network: what it sends and what is sent to it (peers and clients through
     * its address) stays unread until {@link #resume}, then arrives late, in order.
     */
    public void pause(ClusterMember member) {
        member.proxy.hold();
        for (ClusterMember other : members) {
            other.proxy.hold(member.id());
        }
    }

    /** Lets the held bytes of a paused member through; other paused members stay paused. */
    public void resume(ClusterMember member) {
        member.proxy.releaseAll();
        for (ClusterMember other : members) {
            other.proxy.release(member.id());
        }
    }

    // ---- faults on members ----------------------------------------------------------------------

    /**
     * Stops a member abruptly: its connections are dropped first, so it neither hands over
     * leadership nor says goodbye; its data directory stays for {@link #restart}.
     */
    public void kill(ClusterMember member) {
        MemberLauncher.Launched launched = member.stopped();
        if (launched == null) {
            return;
        }
        member.proxy.dropConnections();
        for (ClusterMember other : members) {
            other.proxy.dropConnectionsFrom(member.id());
        }
        launched.stop().run();
    }

    /** Starts a killed member again from its data directory, with a new state machine instance. */
    public void restart(ClusterMember member) {
        if (member.running()) {
            throw new IllegalStateException(member.id() + " is running: kill it first");
        }
        if (settings.logStore() == LogStoreType.MEMORY) {
            throw new IllegalStateException("members on the memory log store lose everything when killed:"
                    + " restart needs a log on disk (EmbeddedRaftCluster(logStore = SEGMENTED))");
        }
        launch(member, staticPeers(), null);
    }

    // ---- membership and leadership --------------------------------------------------------------

    /** Moves leadership to {@code target} and waits until it leads with a majority behind it. */
    public void transferLeadership(ClusterMember target) {
        ClusterMember leader = leader();
        if (leader != target) {
            ClusterMember.await(leader.node().transferLeadership(target.id()), REQUEST_BOUND);
        }
        await().atMost(waitBound()).alias(target.id() + " leads").until(() -> leader() == target);
    }

    /** Starts a new member that joins through the leader, and waits until it is a voter. */
    public ClusterMember addMember() {
        ClusterMember member = newMember();
        members.add(member);
        launch(member, List.of(), leader().address());
        await().atMost(waitBound()).alias(member.id() + " is a voter").until(() -> isVoter(member));
        return member;
    }

    private boolean isVoter(ClusterMember member) {
        ClusterMember leader = currentLeader();
        return leader != null && leader.status().members().stream().anyMatch(m -> m.id().equals(member.id()) && m.voter());
    }

    /** Removes {@code member} from the configuration through the leader, then stops it. */
    public void removeMember(ClusterMember member) {
        leader().execute("RAFTREMOVEPEER", member.id());
        kill(member);
        members.remove(member);
    }

    // ---- waiting for state ----------------------------------------------------------------------

    /** Waits until every running member has applied the log up to {@code index}. */
    public void awaitApplied(long index) {
        await().atMost(waitBound()).pollInterval(Duration.ofMillis(10))
                .alias("every running member applied " + index)
                .until(() -> members.stream().filter(ClusterMember::running)
                        .allMatch(m -> m.status().appliedIndex() >= index));
    }

    /** Waits until every running member has applied everything the leader has committed; returns that index. */
    public long awaitConverged() {
        long commit = leader().status().commitIndex();
        awaitApplied(commit);
        return commit;
    }

    /** The writes the members applied so far, in log order: the committed log, for {@link DeterminismCheck}. */
    public List<LoggedCommand> committedLog() {
        return log.entries();
    }

    /**
     * Applies {@link #committedLog()} to fresh instances of the cluster's state machine (for Spring
     * members, of the {@code @RaftStateMachine} bean's class, built with its no-argument
     * constructor) and fails at the first entry after which their replies or snapshots differ.
     */
    public void assertDeterministic() {
        Supplier<? extends StateMachine> fresh = settings.stateMachines();
        if (fresh == null) {
            // Spring members: new instances of the bean's class, adapted as the starter does
            Object bean = members.stream().filter(ClusterMember::running).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no member runs")).stateMachine();
            fresh = SpringMemberLauncher.freshInstances(bean.getClass());
        }
        DeterminismCheck.of(fresh).assertDeterministic(committedLog());
    }

    /** A client that sends commands to the leader and records each one in {@code history}. */
    public RecordingClient client(int process, HistoryRecorder history) {
        return new RecordingClient(this, process, history);
    }

    @Override
    public void close() {
        for (ClusterMember member : members) {
            try {
                kill(member);
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        proxies.forEach(LinkProxy::close);
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp dir: best effort
        }
    }

    @Override
    public String toString() {
        return members.stream().map(ClusterMember::toString).collect(Collectors.joining(", ", "RaftCluster[", "]"));
    }
}
