package io.raftboot.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.raftboot.consensus.Message;
import io.raftboot.tls.OutboundTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends consensus messages to peers: one long-lived, pipelined connection per peer (see
 * {@link PeerLink}), and a connection of its own for each snapshot transfer ({@link SnapshotSender}),
 * so heartbeats never wait behind snapshot chunks. {@link #send} never blocks: the raft thread can
 * call it directly.
 */
public final class PeerTransport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerTransport.class);

    private final PeerIdentity identity;
    private final TransportSettings settings;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final OutboundTls tls;
    private final PeerTransportListener listener;
    private final ExecutorService snapshotReader;
    private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
    private final Map<String, String> addresses = new ConcurrentHashMap<>();
    private final AtomicLong unroutable = new AtomicLong();
    private volatile boolean closed;

    /** Uses NIO sockets: {@code group} must be an NIO group (e.g. MultiThreadIoEventLoopGroup with NioIoHandler). */
    public PeerTransport(PeerIdentity identity, TransportSettings settings, EventLoopGroup group,
                         PeerTransportListener listener) {
        this(identity, settings, group, NioSocketChannel.class, listener, OutboundTls.PLAIN);
    }

    /** @param tls how connections to peers are opened: plain TCP, or TLS presenting this member's certificate */
    public PeerTransport(PeerIdentity identity, TransportSettings settings, EventLoopGroup group,
                         PeerTransportListener listener, OutboundTls tls) {
        this(identity, settings, group, NioSocketChannel.class, listener, tls);
    }

    public PeerTransport(PeerIdentity identity, TransportSettings settings, EventLoopGroup group,
                         Class<? extends Channel> channelType, PeerTransportListener listener) {
        this(identity, settings, group, channelType, listener, OutboundTls.PLAIN);
    }

    public PeerTransport(PeerIdentity identity, TransportSettings settings, EventLoopGroup group,
                         Class<? extends Channel> channelType, PeerTransportListener listener, OutboundTls tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.group = Objects.requireNonNull(group, "group");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.connectTimeout().toMillis()));
        this.snapshotReader = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "raft-snapshot-send-" + identity.nodeId());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Sets the peers to keep connections to (node id to {@code host:port}); this node's own id is
     * ignored. Peers no longer listed are disconnected and their queued messages dropped; a changed
     * address reconnects.
     */
    public synchronized void updatePeers(Map<String, String> peerAddresses) {
        if (closed) {
            return;
        }
        Map<String, String> wanted = new HashMap<>(peerAddresses);
        wanted.remove(identity.nodeId());
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            PeerAddress.parse(entry.getValue());
        }
        for (String id : List.copyOf(links.keySet())) {
            if (!wanted.containsKey(id)) {
                links.remove(id).close();
                addresses.remove(id);
            }
        }
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            String id = entry.getKey();
            String address = entry.getValue();
            PeerLink link = links.get(id);
            if (link == null) {
                link = new PeerLink(id, address, identity, settings, bootstrap, tls, group.next(), listener);
                links.put(id, link);
                link.start();
            } else if (!address.equals(addresses.get(id))) {
                link.changeAddress(address);
            }
            addresses.put(id, address);
        }
    }

    /**
     * Queues messages for their addressees; returns at once. Messages to one peer leave in the given
     * order. Messages to a peer not given to {@link #updatePeers} are dropped (and counted).
     */
    public void send(List<? extends Message> messages) {
        if (closed || messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1) {
            route(messages.get(0).to(), List.of(messages.get(0)));
            return;
        }
        Map<String, List<Message>> byPeer = new HashMap<>();
        for (Message message : messages) {
            byPeer.computeIfAbsent(message.to(), id -> new ArrayList<>()).add(message);
        }
        byPeer.forEach(this::route);
    }

    /**
     * Streams a snapshot to {@code message.to()} on a new connection, then has the peer deliver
     * {@code message} to its consensus. Completes when the peer acknowledged the whole snapshot;
     * fails on any error (the source is closed either way).
     */
    public CompletableFuture<Void> sendSnapshot(Message.InstallSnapshot message, SnapshotSource source) {
        String address = addresses.get(message.to());
        if (closed || address == null) {
            closeQuietly(source);
            return CompletableFuture.failedFuture(new IllegalStateException("unknown peer " + message.to()));
        }
        return new SnapshotSender(identity, settings, bootstrap, tls, group.next(), snapshotReader, message, source)
                .start(PeerAddress.parse(address));
    }

    /** Whether the connection to {@code peerId} is established and handshaken. */
    public boolean isConnected(String peerId) {
        PeerLink link = links.get(peerId);
        return link != null && link.isConnected();
    }

    /** Messages dropped because their addressee was unknown. */
    public long unroutableMessages() {
        return unroutable.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        links.values().forEach(PeerLink::close);
        links.clear();
        snapshotReader.shutdownNow();
    }

    private void route(String peerId, List<Message> messages) {
        PeerLink link = links.get(peerId);
        if (link == null) {
            unroutable.addAndGet(messages.size());
            log.debug("dropping {} message(s) to unknown peer {}", messages.size(), peerId);
            return;
        }
        link.send(messages);
    }

    private static void closeQuietly(SnapshotSource source) {
        try {
            source.close();
        } catch (Exception e) {
            log.debug("closing snapshot source failed: {}", e.toString());
        }
    }
}
