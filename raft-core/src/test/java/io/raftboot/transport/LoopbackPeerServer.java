package io.raftboot.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.raftboot.consensus.Message;
import io.raftboot.resp.MaxClientsGate;
import io.raftboot.resp.RespLimits;
import io.raftboot.resp.RespPipeline;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A peer server on 127.0.0.1 for tests: the RESP codec plus {@link PeerCommandHandler}, recording
 * delivered messages and received snapshots. {@link #writeGate} lets a test hold snapshot writes.
 */
final class LoopbackPeerServer implements AutoCloseable {
    final List<Message> delivered = new CopyOnWriteArrayList<>();
    final List<Channel> connections = new CopyOnWriteArrayList<>();
    final ByteArrayOutputStream snapshotBytes = new ByteArrayOutputStream();
    volatile boolean snapshotCompleted;
    volatile boolean snapshotAborted;
    volatile boolean refuseSnapshots;
    volatile Supplier<CompletableFuture<Void>> writeGate = () -> CompletableFuture.completedFuture(null);
    private final Channel server;

    LoopbackPeerServer(EventLoopGroup group, int port, PeerIdentity identity) throws InterruptedException {
        MaxClientsGate gate = new MaxClientsGate(100);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        RespPipeline.addServerCodec(ch.pipeline(), RespLimits.DEFAULTS, gate);
                        ch.pipeline().addLast(new PeerCommandHandler(identity,
                                (from, messages) -> delivered.addAll(messages), (from, message, size) -> {
                                    if (refuseSnapshots) {
                                        throw new IllegalStateException("busy installing another snapshot");
                                    }
                                    return new Sink();
                                }));
                    }
                }).bind("127.0.0.1", port).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Channel connection : connections) {
            connection.close().syncUninterruptibly();
        }
    }

    private final class Sink implements SnapshotSink {
        @Override
        public CompletionStage<Void> write(long offset, byte[] bytes) {
            return writeGate.get().thenRun(() -> {
                synchronized (snapshotBytes) {
                    if (offset != snapshotBytes.size()) {
                        throw new IllegalStateException("chunk at " + offset + " after " + snapshotBytes.size());
                    }
                    snapshotBytes.writeBytes(bytes);
                }
            });
        }

        @Override
        public CompletionStage<Void> complete() {
            snapshotCompleted = true;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void abort() {
            snapshotAborted = true;
        }
    }
}
