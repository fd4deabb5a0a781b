package io.raftboot.sample.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep's protocol against a scripted RESP server standing in for the node's own port. */
class ExpirySweeperTest {

    /** Answers EXPIREDKEYS with the next scripted batch and EXPIRED with the number of keys; records commands. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocket server;
        final List<String> commands = Collections.synchronizedList(new ArrayList<>());
        final List<List<String>> batches;
        final AtomicInteger batch = new AtomicInteger();
        final Thread thread;

        ScriptedServer(List<List<String>> batches) throws IOException {
            this.batches = batches;
            server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
            thread = new Thread(this::serve, "scripted-resp");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket socket = server.accept()) {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                while (true) {
                    List<String> args = readCommand(in);
                    if (args == null) {
                        return;
                    }
                    commands.add(String.join(" ", args));
                    out.write(reply(args).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // closed by the test
            }
        }

        private String reply(List<String> args) {
            if (args.get(0).equals("EXPIREDKEYS")) {
                int i = batch.getAndIncrement();
                List<String> keys = i < batches.size() ? batches.get(i) : List.of();
                StringBuilder r = new StringBuilder("*" + keys.size() + "\r\n");
                keys.forEach(k -> r.append('$').append(k.length()).append("\r\n").append(k).append("\r\n"));
                return r.toString();
            }
            if (args.get(0).equals("EXPIRED")) {
                return ":" + (args.size() - 1) + "\r\n";
            }
            return "-ERR unexpected\r\n";
        }

        private static List<String> readCommand(InputStream in) throws IOException {
            String header = line(in);
            if (header == null) {
                return null;
            }
            int count = Integer.parseInt(header.substring(1));
            List<String> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int length = Integer.parseInt(line(in).substring(1));
                args.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                line(in);
            }
            return args;
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return null;
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private ExpirySweeper sweeper;
    private ScriptedServer server;

    @AfterEach
    void tearDown() throws IOException {
        if (sweeper != null) {
            sweeper.destroy();
        }
        if (server != null) {
            server.close();
        }
    }

    private static RaftNode nodeOnPort(int port) {
        return (RaftNode) Proxy.newProxyInstance(RaftNode.class.getClassLoader(), new Class<?>[] {RaftNode.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("port")) {
                        return port;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aLeaderProposesTheExpiredKeysInBatchesUntilABatchComesBackShort() throws IOException {
        server = new ScriptedServer(List.of(List.of("a", "b"), List.of("c")));
        sweeper = new ExpirySweeper(RaftOptions.builder().host("127.0.0.1").build(), Duration.ofMillis(20), 2);
        RaftNode node = nodeOnPort(server.port());
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.CANDIDATE, NodeRole.LEADER, 2));

        await().atMost(Duration.ofSeconds(10)).until(() -> server.commands.size() >= 5);
        assertThat(List.copyOf(server.commands).subList(0, 5)).containsExactly(
                "EXPIREDKEYS 2", "EXPIRED a b", "EXPIREDKEYS 2", "EXPIRED c", "EXPIREDKEYS 2");

        assertThat(sweeper.isSweeping()).isTrue();

        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.FOLLOWER, 3));
        assertThat(sweeper.isSweeping()).isFalse();
    }

    @Test
    void onlyALeaderSweeps() throws IOException {
        sweeper = new ExpirySweeper(RaftOptions.builder().host("127.0.0.1").build(), Duration.ofMillis(10), 2);
        RaftNode node = nodeOnPort(1);
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.FOLLOWER, 3));
        assertThat(sweeper.isSweeping()).isFalse();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.FOLLOWER, NodeRole.CANDIDATE, 4));
        assertThat(sweeper.isSweeping()).isFalse();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.CANDIDATE, NodeRole.LEADER, 4));
        assertThat(sweeper.isSweeping()).isTrue();
        sweeper.onRoleChanged(new RaftRoleChangedEvent(node, NodeRole.LEADER, NodeRole.SHUTDOWN, 4));
        assertThat(sweeper.isSweeping()).isFalse();
    }

    @Test
    void settingsAreValidatedWithThePropertyName() {
        RaftOptions options = RaftOptions.builder().build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExpirySweeper(options, Duration.ZERO, 10))
                .hasMessageContaining("sample.expiry.sweep-interval");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExpirySweeper(options, Duration.ofSeconds(1), 0))
                .hasMessageContaining("sample.expiry.batch");
    }
}
