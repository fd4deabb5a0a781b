package io.raftboot.spring.boot.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.spring.boot.event.RaftLeaderChangedEvent;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * Three applications form one cluster from {@code raft.peers}: every member reports the same leader
 * through events and health, and closing the leader's application hands leadership to another
 * member without losing what was acknowledged.
 */
class ThreeMemberClusterIntegrationTest {

    private static final ProtocolCommand COUNTER = () -> "COUNTER".getBytes();

    @TempDir
    Path temp;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final List<RaftLeaderChangedEvent> leaderEvents = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void membersAgreeOnTheLeaderAndAClosingLeaderHandsOver() throws IOException {
        int[] ports = freePorts(3);
        String[] ids = {"a", "b", "c"};
        StringBuilder peers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            peers.append(i == 0 ? "" : ",").append(ids[i]).append("@127.0.0.1:").append(ports[i]);
        }
        for (int i = 0; i < 3; i++) {
            contexts.add(start(ids[i], ports[i], peers.toString()));
        }

        RaftNode leader = awaitLeader(contexts);
        for (ConfigurableApplicationContext context : contexts) {
            HealthIndicator health = context.getBean("raftHealthIndicator", HealthIndicator.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(health.health().getStatus().getCode()));
        }
        assertThat(leaderEvents).anySatisfy(event -> assertThat(event.getLeaderId()).isEqualTo(leader.id()));

        try (Jedis jedis = new Jedis("127.0.0.1", leader.port())) {
            assertThat(jedis.incrBy("acknowledged", 41)).isEqualTo(41);
            assertThat(jedis.incrBy("acknowledged", 1)).isEqualTo(42);
        }

        ConfigurableApplicationContext leaderContext = contexts.stream()
                .filter(context -> context.getBean(RaftNode.class) == leader).findFirst().orElseThrow();
        String oldLeader = leader.id();
        leaderContext.close();
        contexts.remove(leaderContext);

        RaftNode successor = awaitLeader(contexts);
        assertThat(successor.id()).isNotEqualTo(oldLeader);
        assertThat(leaderEvents).anySatisfy(event -> assertThat(event.getLeaderId()).isEqualTo(successor.id()));
        try (Jedis jedis = new Jedis("127.0.0.1", successor.port())) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(jedis.sendCommand(COUNTER, "acknowledged")).isEqualTo(42L));
        }
    }

    private ConfigurableApplicationContext start(String id, int port, String peers) {
        return new SpringApplicationBuilder(CounterApplication.class)
                .web(WebApplicationType.NONE)
                .listeners(new ApplicationListener<RaftLeaderChangedEvent>() {
                    @Override
                    public void onApplicationEvent(RaftLeaderChangedEvent event) {
                        leaderEvents.add(event);
                    }
                })
                .properties("raft.node-id=" + id, "raft.port=" + port, "raft.peers=" + peers,
                        "raft.data-dir=" + temp.resolve(id), "raft.election-timeout=500ms",
                        "raft.heartbeat-interval=50ms", "raft.shutdown-timeout=3s", "spring.main.banner-mode=off")
                .run();
    }

    private static RaftNode awaitLeader(List<ConfigurableApplicationContext> contexts) {
        RaftNode[] leader = new RaftNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (ConfigurableApplicationContext context : contexts) {
                RaftNode node = context.getBean(RaftNode.class);
                if (node.status().role() == NodeRole.LEADER) {
                    leader[0] = node;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
