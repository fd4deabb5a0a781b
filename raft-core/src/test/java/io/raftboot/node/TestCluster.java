package io.raftboot.node;

import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.Durability;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import redis.clients.jedis.Jedis;

/**
 * Starts N members in one JVM on 127.0.0.1 with temp data dirs and short timeouts, and stops them
 * all. Static peers need their addresses up front, so the members get free ports picked first.
 */
public final class TestCluster implements AutoCloseable {
    public static final Duration ELECTION = Duration.ofMillis(300);
    public static final Duration HEARTBEAT = Duration.ofMillis(50);
    /** Bound for anything that needs an election or two. */
    public static final Duration WAIT = ELECTION.multipliedBy(10).plusSeconds(2);

    private final Path root;
    private final List<Member> members = new ArrayList<>();
    private final Consumer<RaftOptions.Builder> customize;

    /** One member slot: its options and, while it runs, its node and state machine. */
    public static final class Member {
        final String id;
        final int port;
        final Path dataDir;
        RaftNode node;
        KvStateMachine stateMachine;

        Member(String id, int port, Path dataDir) {
            this.id = id;
            this.port = port;
            this.dataDir = dataDir;
        }

        public RaftNode node() {
            return node;
        }

        public String id() {
            return id;
        }

        public String address() {
            return "127.0.0.1:" + port;
        }

        public boolean running() {
            return node != null;
        }

        public Jedis jedis() {
            return new Jedis("127.0.0.1", port, 10_000);
        }
    }

    private TestCluster(Path root, Consumer<RaftOptions.Builder> customize) {
        this.root = root;
        this.customize = customize;
    }

    public static TestCluster start(int size) {
        return start(size, b -> {
        });
    }

    public static TestCluster start(int size, Consumer<RaftOptions.Builder> customize) {
        TestCluster cluster = create(size, customize);
        try {
            for (Member m : cluster.members) {
                cluster.startMember(m);
            }
            cluster.awaitLeader();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Members configured but not started. */
    public static TestCluster create(int size, Consumer<RaftOptions.Builder> customize) {
        try {
            TestCluster cluster = new TestCluster(Files.createTempDirectory("raft-cluster"), customize);
            for (int i = 0; i < size; i++) {
                cluster.members.add(new Member("n" + (i + 1), freePort(), cluster.root.resolve("n" + (i + 1))));
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ports handed out in this JVM: the OS may offer a just-closed port again. */
    private static final java.util.Set<Integer> USED_PORTS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (USED_PORTS.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    RaftOptions.Builder options(Member m) {
        List<String> peers = new ArrayList<>();
        for (Member other : members) {
            peers.add(other.id + "@" + other.address());
        }
        RaftOptions.Builder b = RaftOptions.builder().nodeId(m.id).host("127.0.0.1").port(m.port)
                .dataDir(m.dataDir).electionTimeout(ELECTION).heartbeatInterval(HEARTBEAT)
                .durability(Durability.LOW).shutdownTimeout(Duration.ofSeconds(1))
                // generous: the machine is shared, and one slow fsync must not fail an unrelated test
                .requestTimeout(Duration.ofSeconds(5));
        if (members.size() > 1) {
            b.peers(peers);
        }
        customize.accept(b);
        return b;
    }

    public void startMember(Member m) {
        startMember(m, options(m));
    }

    public void startMember(Member m, RaftOptions.Builder options) {
        KvStateMachine sm = new KvStateMachine();
        m.node = RaftNodes.open(options.build(), sm);
        m.stateMachine = sm;
    }

    /** Starts a member with a state machine of the test's own. */
    public void startMember(Member m, RaftOptions.Builder options, StateMachine stateMachine) {
        m.node = RaftNodes.open(options.build(), stateMachine);
        m.stateMachine = null;
    }

    /** Adds a member slot (not started) with a fresh port and data dir. */
    public Member addSlot(String id) {
        Member m = new Member(id, freePort(), root.resolve(id));
        members.add(m);
        return m;
    }

    public List<Member> members() {
        return members;
    }

    public Member member(int i) {
        return members.get(i);
    }

    public Member awaitLeader() {
        Member[] leader = new Member[1];
        await().atMost(WAIT).until(() -> {
            leader[0] = currentLeader();
            return leader[0] != null;
        });
        return leader[0];
    }

    /** The running member that is leader and whose view every running member shares, else null. */
    public Member currentLeader() {
        Member found = null;
        for (Member m : members) {
            if (m.running() && m.node.status().role() == NodeRole.LEADER) {
                if (found != null) {
                    return null;
                }
                found = m;
            }
        }
        return found;
    }

    public List<Member> followers() {
        Member leader = awaitLeader();
        return members.stream().filter(m -> m.running() && m != leader).toList();
    }

    /** Stops a member (its data dir stays). */
    public void stop(Member m) {
        if (m.node != null) {
            m.node.close();
            m.node = null;
        }
    }

    public StateMachine stateMachine(Member m) {
        return m.stateMachine;
    }

    @Override
    public void close() {
        for (Member m : members) {
            try {
                stop(m);
            } catch (RuntimeException e) {
                // keep closing the others
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temp dir: best effort
        }
    }
}
