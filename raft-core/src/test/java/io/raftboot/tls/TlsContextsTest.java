package io.raftboot.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.raftboot.RaftNodes;
import io.raftboot.api.KvStateMachine;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.TlsOptions;
import io.raftboot.api.LogStoreType;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side members use to dial each other: it checks the other member's chain and that its
 * certificate names the address dialled, on the blocking path (join) and the Netty path (peer links).
 */
class TlsContextsTest {
    static final TestCertificates CA = TestCertificates.shared("cluster");

    @Test
    void aMemberWhoseCertificateDoesNotNameItsAddressIsNotTrusted(@TempDir Path dir) throws Exception {
        TestCertificates.Issued elsewhere = CA.issue("elsewhere", dir.resolve("elsewhere.p12"), "dns:elsewhere.example");
        TlsContexts dialer = TlsContexts.of(TlsOptions.of(CA.material(CA.issued("n2"))));
        try (RaftNode right = open(dir.resolve("right"), CA.issued("n1"));
             RaftNode wrong = open(dir.resolve("wrong"), elsewhere)) {
            try (Socket socket = dialer.connect("127.0.0.1", right.port(), 10_000)) {
                assertThat(socket.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> dialer.connect("127.0.0.1", wrong.port(), 10_000))
                    .isInstanceOf(SSLException.class);

            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try {
                assertThat(nettyHandshake(group, dialer, right.port()).isSuccess()).isTrue();
                assertThat(nettyHandshake(group, dialer, wrong.port()).cause()).isInstanceOf(SSLException.class);
            } finally {
                group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    /** netty-tcnative is on this module's test class path: its TLS tests exercise OpenSSL's engine. */
    @Test
    void openSslsEngineIsChosenWhenItsLibraryLoads() {
        assertThat(io.netty.handler.ssl.OpenSsl.isAvailable()).as("netty-tcnative loads").isTrue();
        TlsContexts contexts = TlsContexts.of(TlsOptions.of(CA.material(CA.issued("n1"))));
        SslHandler handler = contexts.newServerHandler(io.netty.buffer.ByteBufAllocator.DEFAULT);
        assertThat(handler.engine().getClass().getSimpleName()).contains("OpenSsl");
        io.netty.util.ReferenceCountUtil.release(handler.engine());
    }

    private static io.netty.util.concurrent.Future<Channel> nettyHandshake(EventLoopGroup group, TlsContexts dialer,
                                                                          int port) {
        Channel channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        dialer.install(ch.pipeline(), "127.0.0.1", port);
                    }
                }).connect("127.0.0.1", port).syncUninterruptibly().channel();
        io.netty.util.concurrent.Future<Channel> handshake = channel.pipeline().get(SslHandler.class).handshakeFuture();
        await().atMost(Duration.ofSeconds(30)).until(handshake::isDone);
        channel.close();
        return handshake;
    }

    private static RaftNode open(Path dataDir, TestCertificates.Issued issued) {
        return RaftNodes.open(RaftOptions.builder().port(0).dataDir(dataDir).logStore(LogStoreType.MEMORY)
                .tls(TlsOptions.of(CA.material(issued))).build(), new KvStateMachine());
    }
}
