package io.raftboot.sample.differential;

import static org.awaitility.Awaitility.await;

import io.raftboot.RaftNodes;
import io.raftboot.api.Durability;
import io.raftboot.api.LogStoreType;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.sample.KeyspaceStateMachine;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The sample's state machine in a one-member node on a free loopback port: for what only a node
 * serves (MULTI/EXEC/WATCH live in the connection and the log, not in the state machine).
 */
final class RunningMember implements AutoCloseable {
    private final RaftNode node;

    RunningMember() throws IOException {
        Path dir = Files.createTempDirectory("differential-member");
        node = RaftNodes.open(RaftOptions.builder().nodeId("differential").host("127.0.0.1").port(0).dataDir(dir)
                .logStore(LogStoreType.MEMORY).durability(Durability.LOW)
                .electionTimeout(Duration.ofMillis(300)).heartbeatInterval(Duration.ofMillis(50)).build(),
                AnnotatedStateMachineFactory.create(new KeyspaceStateMachine()));
        await().atMost(Duration.ofSeconds(20)).until(() -> node.status().isLeader() && node.status().leaderReady());
    }

    RespClient client() throws IOException {
        return new RespClient("127.0.0.1", node.port());
    }

    @Override
    public void close() {
        node.close();
    }
}
