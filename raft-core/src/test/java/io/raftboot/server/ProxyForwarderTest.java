package io.raftboot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.raftboot.api.RaftOptions;
import io.raftboot.command.ClientSession;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A forwarded request is sent once: a broken link answers -TIMEOUT outcome unknown, never a retry. */
class ProxyForwarderTest {
    EventLoopGroup group;
    ServerSocket leader;
    Thread leaderThread;

    @BeforeEach
    void start() throws Exception {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        leader = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws Exception {
        leader.close();
        if (leaderThread != null) {
            leaderThread.join(5000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A fake leader that reads requests, counts RAFTFORWARDs, and answers by {@code behaviour}. */
    private AtomicInteger serve(boolean answer) {
        AtomicInteger forwards = new AtomicInteger();
        leaderThread = new Thread(() -> {
            while (!leader.isClosed()) {
                try (Socket socket = leader.accept()) {
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    byte[] buffer = new byte[4096];
                    int n = in.read(buffer);
                    if (n <= 0) {
                        continue;
                    }
                    String request = new String(buffer, 0, n, StandardCharsets.UTF_8);
                    if (request.contains("RAFTFORWARD")) {
                        forwards.incrementAndGet();
                    }
                    if (answer) {
                        out.write("*2\r\n:42\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        in.read(buffer); // wait for the client to go away
                    }
                    // otherwise: the connection drops with the request unanswered
                } catch (java.io.IOException e) {
                    return;
                }
            }
        });
        leaderThread.start();
        return forwards;
    }

    private ProxyForwarder proxy() {
        return new ProxyForwarder(group, RaftOptions.builder().requestTimeout(Duration.ofSeconds(5)).build());
    }

    @Test
    void aBrokenLinkAnswersTimeoutAndTheRequestIsNotSentAgain() throws Exception {
        AtomicInteger forwards = serve(false);
        ProxyForwarder proxy = proxy();
        ClientSession session = new ClientSession("test", true);
        CompletableFuture<RespValue> reply = proxy.forward("127.0.0.1:" + leader.getLocalPort(),
                RespCommand.of("SET", "k", "v"), session, true).toCompletableFuture();
        assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo(Replies.TIMEOUT_UNKNOWN);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> forwards.get() == 1);
        proxy.closed(session);
    }

    @Test
    void theLeadersCommitIndexHoldsLaterReadsOnThatConnection() throws Exception {
        serve(true);
        ProxyForwarder proxy = proxy();
        ClientSession session = new ClientSession("test", true);
        RespValue reply = proxy.forward("127.0.0.1:" + leader.getLocalPort(), RespCommand.of("SET", "k", "v"), session, true)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo(RespValue.OK);
        assertThat(session.minReadIndex()).isEqualTo(42);
        proxy.closed(session);
    }
}
