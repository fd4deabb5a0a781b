package io.raftboot.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespReplyDecoder;
import io.raftboot.resp.RespValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams one snapshot on a connection of its own: handshake, RAFT.SNAPBEGIN, chunks with at most
 * {@link TransportSettings#snapshotWindow()} unacknowledged, then RAFT.SNAPEND. Chunks are read on
 * an I/O executor, one read at a time, so the event loop never waits on disk.
 */
final class SnapshotSender {
    /** Encoded once: it heads every chunk. Never mutated. */
    private static final byte[] SNAP_CHUNK_COMMAND = PeerHandshakeClient.bytes(PeerProtocol.SNAP_CHUNK);
    private static final Logger log = LoggerFactory.getLogger(SnapshotSender.class);

    private final PeerIdentity identity;
    private final TransportSettings settings;
    private final Bootstrap bootstrap;
    private final io.raftboot.tls.OutboundTls tls;
    private final EventLoop loop;
    private final Executor reader;
    private final Message.InstallSnapshot message;
    private final SnapshotSource source;
    private final long size;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    // Owned by the event loop.
    private Channel channel;
    private long nextOffset;
    private int unacknowledged;
    private boolean reading;
    private boolean endSent;

    SnapshotSender(PeerIdentity identity, TransportSettings settings, Bootstrap bootstrap,
                   io.raftboot.tls.OutboundTls tls, EventLoop loop,
                   Executor reader, Message.InstallSnapshot message, SnapshotSource source) {
        this.identity = identity;
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.tls = tls;
        this.loop = loop;
        this.reader = reader;
        this.message = message;
        this.source = source;
        this.size = source.size();
        done.whenComplete((ok, failure) -> {
            try {
                source.close();
            } catch (Exception e) {
                log.debug("closing snapshot source failed: {}", e.toString());
            }
            loop.execute(() -> {
                if (channel != null) {
                    channel.close();
                }
            });
        });
    }

    CompletableFuture<Void> start(PeerAddress target) {
        loop.execute(() -> connect(target));
        return done;
    }

    private void connect(PeerAddress target) {
        Promise<HandshakeResult> handshake = loop.newPromise();
        long ackTimeout = settings.snapshotAckTimeout().toNanos();
        Bootstrap attempt = bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(RespEncoder.INSTANCE, new RespReplyDecoder(1024 * 1024, 16),
                        new IdleStateHandler(ackTimeout, 0, 0, TimeUnit.NANOSECONDS),
                        new PeerHandshakeClient(identity, message.to(), handshake), new AckHandler());
                tls.install(ch.pipeline(), target.host(), target.port());
            }
        });
        channel = attempt.connect(target.host(), target.port()).addListener(f -> {
            if (!f.isSuccess()) {
                handshake.tryFailure(f.cause());
            }
        }).channel();
        handshake.addListener(f -> {
            if (!f.isSuccess()) {
                done.completeExceptionally(f.cause());
                return;
            }
            channel.write(RespValue.command(PeerHandshakeClient.bytes(PeerProtocol.SNAP_BEGIN),
                    MessageCodec.encode(message), ascii(size)));
            unacknowledged++;
            channel.flush();
            pump();
        });
    }

    /** Keeps up to a window of chunks in flight; sends the end once every chunk is acknowledged. */
    private void pump() {
        if (done.isDone() || reading) {
            return;
        }
        if (nextOffset < size && unacknowledged < settings.snapshotWindow()) {
            long offset = nextOffset;
            int count = (int) Math.min(settings.snapshotChunkBytes(), size - offset);
            reading = true;
            try {
                reader.execute(() -> {
                    try {
                        byte[] chunk = source.read(offset, count);
                        if (chunk.length != count) {
                            throw new IllegalStateException("snapshot source returned " + chunk.length
                                    + " bytes instead of " + count + " at " + offset);
                        }
                        loop.execute(() -> sendChunk(offset, chunk));
                    } catch (Exception | Error e) {
                        done.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                done.completeExceptionally(e);
            }
        } else if (nextOffset == size && unacknowledged == 0 && !endSent) {
            endSent = true;
            unacknowledged++;
            channel.writeAndFlush(RespValue.command(PeerHandshakeClient.bytes(PeerProtocol.SNAP_END)));
        }
    }

    private void sendChunk(long offset, byte[] chunk) {
        reading = false;
        if (done.isDone()) {
            return;
        }
        nextOffset = offset + chunk.length;
        unacknowledged++;
        channel.writeAndFlush(RespValue.command(SNAP_CHUNK_COMMAND, ascii(offset), chunk));
        pump();
    }

    private static byte[] ascii(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    /** Counts acknowledgements after the handshake; any error fails the transfer. */
    private final class AckHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!RespValue.OK.equals(msg) || unacknowledged == 0) {
                done.completeExceptionally(new IllegalStateException("peer " + message.to()
                        + " refused the snapshot: " + msg));
                return;
            }
            unacknowledged--;
            if (endSent && unacknowledged == 0) {
                done.complete(null);
            } else {
                pump();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                done.completeExceptionally(new TimeoutException("no snapshot acknowledgement from " + message.to()
                        + " within " + settings.snapshotAckTimeout()));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.completeExceptionally(new java.io.IOException("snapshot connection to " + message.to() + " closed"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            done.completeExceptionally(cause);
        }
    }
}
