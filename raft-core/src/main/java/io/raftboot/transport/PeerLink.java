package io.raftboot.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import io.raftboot.consensus.Message;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespReplyDecoder;
import io.raftboot.tls.OutboundTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The long-lived outbound connection to one peer. Messages handed in from any thread cross into
 * the link's event loop through a lock-free inbox; there they wait in an {@link OutboundQueue}
 * while the link connects, handshakes or the socket is full, and leave as RAFT.MSG batches with
 * one flush per drain. A lost connection is re-established with capped exponential backoff.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
    private final String peerId;
    private final PeerIdentity identity;
    private final TransportSettings settings;
    private final Bootstrap bootstrap;
    private final OutboundTls tls;
    private final EventLoop loop;
    private final PeerTransportListener listener;
    private final ConcurrentLinkedQueue<Message> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    // Owned by the event loop.
    private final OutboundQueue queue;
    private String address;
    private Channel channel;
    private Channel connecting;
    private long backoffNanos;
    private ScheduledFuture<?> reconnect;
    private boolean closed;
    private volatile boolean connected;

    PeerLink(String peerId, String address, PeerIdentity identity, TransportSettings settings, Bootstrap bootstrap,
             OutboundTls tls, EventLoop loop, PeerTransportListener listener) {
        this.peerId = peerId;
        this.address = address;
        this.identity = identity;
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.tls = tls;
        this.loop = loop;
        this.listener = listener;
        this.queue = new OutboundQueue(settings.maxQueuedBytes());
        this.backoffNanos = settings.backoffMin().toNanos();
    }

    String peerId() {
        return peerId;
    }

    boolean isConnected() {
        return connected;
    }

    void start() {
        loop.execute(this::connect);
    }

    /** Any thread; never blocks. */
    void send(List<Message> messages) {
        inbox.addAll(messages);
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    void changeAddress(String newAddress) {
        loop.execute(() -> {
            if (closed || newAddress.equals(address)) {
                return;
            }
            address = newAddress;
            backoffNanos = settings.backoffMin().toNanos();
            if (connecting != null) {
                connecting.close();
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    void close() {
        loop.execute(() -> {
            closed = true;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            if (connecting != null) {
                connecting.close();
            }
            if (channel != null) {
                channel.close();
            }
            inbox.clear();
            queue.clear();
        });
    }

    private void drain() {
        drainScheduled.set(false);
        Message message;
        while ((message = inbox.poll()) != null) {
            if (!closed) {
                queue.add(message);
            }
        }
        Channel ready = channel;
        if (ready == null || queue.isEmpty()) {
            return;
        }
        boolean wrote = false;
        while (!queue.isEmpty() && ready.isWritable()) {
            List<Message> batch = queue.takeBatch(settings.maxBatchBytes());
            ready.write(MsgFrame.encode(ready.alloc(), batch), ready.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ready.flush();
        }
    }

    private void connect() {
        if (closed || channel != null || connecting != null) {
            return;
        }
        PeerAddress target;
        try {
            target = PeerAddress.parse(address);
        } catch (IllegalArgumentException e) {
            failed(e);
            return;
        }
        Promise<HandshakeResult> handshake = loop.newPromise();
        Bootstrap attempt = bootstrap.clone(loop).handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(RespEncoder.INSTANCE, new RespReplyDecoder(1024 * 1024, 16),
                        new PeerHandshakeClient(identity, peerId, handshake), new LinkHandler());
                tls.install(ch.pipeline(), target.host(), target.port());
            }
        });
        Channel ch = attempt.connect(target.host(), target.port()).addListener(f -> {
            if (!f.isSuccess()) {
                handshake.tryFailure(f.cause());
            }
        }).channel();
        connecting = ch;
        ScheduledFuture<?> timeout = loop.schedule(() -> handshake.tryFailure(
                new TimeoutException("no handshake with " + peerId + " within " + settings.connectTimeout())),
                settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        handshake.addListener(f -> {
            timeout.cancel(false);
            connecting = null;
            if (f.isSuccess() && !closed && ch.isActive()) {
                channel = ch;
                connected = true;
                backoffNanos = settings.backoffMin().toNanos();
                log.debug("connected to peer {} at {}", peerId, address);
                listener.peerConnected(peerId, handshake.getNow());
                drain();
            } else {
                ch.close();
                failed(f.isSuccess() ? new IllegalStateException("link closed") : f.cause());
            }
        });
    }

    private void failed(Throwable cause) {
        if (closed) {
            return;
        }
        if (cause instanceof HandshakeRefusedException || isTlsFailure(cause)) {
            log.warn("peer {} at {}: {}", peerId, address, cause.getMessage());
        } else {
            log.debug("peer {} at {} unreachable: {}", peerId, address, cause.toString());
        }
        listener.peerUnreachable(peerId, cause);
        scheduleReconnect();
    }

    /** A failed TLS handshake (untrusted certificate, wrong name) is a configuration error worth a warning. */
    private static boolean isTlsFailure(Throwable cause) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    private void scheduleReconnect() {
        // Half fixed, half random: members that lost the same peer do not all knock at once.
        long delay = backoffNanos / 2 + ThreadLocalRandom.current().nextLong(backoffNanos / 2 + 1);
        backoffNanos = Math.min(backoffNanos * 2, settings.backoffMax().toNanos());
        reconnect = loop.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
    }

    /** Follows the connection once it is ready: lost connections, replies (only errors), writability. */
    private final class LinkHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            // RAFT.MSG has no reply: anything here is an error, and the server closes after it.
            log.warn("peer {} answered {}; reconnecting", peerId, msg);
            ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && ctx.channel() == channel) {
                drain();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ctx.channel() == channel) {
                channel = null;
                connected = false;
                failed(new IOException("connection to " + peerId + " lost"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("peer {} connection failed: {}", peerId, cause.toString());
            ctx.close();
        }
    }
}
