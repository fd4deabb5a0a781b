package io.raftboot.test.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The address other members (and the kit's clients) use to reach one member: a TCP proxy on
 * 127.0.0.1 in front of its real RESP port. Peers' connections are recognised by their handshake ({@link HandshakeSniffer}),
 * so each directed link "from X to this member" can be cut on its own: Raft messages travel on
 * the sender's own outbound connection (RAFT.MSG has no reply), so cutting X's connections here
 * loses exactly X's messages to this member. A cut link's connections are closed at once and new
 * ones are closed as soon as they identify themselves. Other connections (clients, start-up
 * checks) always pass.
 *
 * <p>Traffic can also be <em>held</em> rather than cut ({@link #hold}): bytes stay in the relay,
 * unread, until {@link #release}, as a stopped process leaves them in its socket buffers.
 *
 * <p>The member behind may restart on another port: {@link #target(int)} changes where new
 * connections go.
 */
public final class LinkProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LinkProxy.class);

    private final String memberId;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<String> cutFrom = ConcurrentHashMap.newKeySet();
    /** Peers whose connections through here are held, both ways; see {@link #hold}. */
    private final Set<String> heldPeers = ConcurrentHashMap.newKeySet();
    private final Object holdChanged = new Object();
    private volatile boolean holdAll;
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;
    private volatile boolean closed;

    public LinkProxy(String memberId, int targetPort) throws IOException {
        this.memberId = memberId;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "proxy-" + memberId);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public void target(int port) {
        this.targetPort = port;
    }

    /** Drops every message from {@code fromId} to this member until {@link #restore}. */
    public void cut(String fromId) {
        cutFrom.add(fromId);
        for (Relay relay : relays) {
            if (fromId.equals(relay.peerId)) {
                relay.close();
            }
        }
    }

    public void restore(String fromId) {
        cutFrom.remove(fromId);
    }

    public void restoreAll() {
        cutFrom.clear();
    }

    /** Closes every connection through here now (the member behind died); new ones still pass. */
    public void dropConnections() {
        for (Relay relay : relays) {
            relay.close();
        }
    }

    /** Closes the connections {@code peerId} opened through here now, without cutting the link. */
    public void dropConnectionsFrom(String peerId) {
        for (Relay relay : relays) {
            if (peerId.equals(relay.peerId)) {
                relay.close();
            }
        }
    }

    /** Holds bytes both ways on every connection through here, clients' too, until {@link #release()}. */
    public void hold() {
        holdAll = true;
    }

    /** Holds bytes both ways on the connections {@code peerId} opened through here. */
    public void hold(String peerId) {
        heldPeers.add(peerId);
    }

    /** Ends {@link #hold()}; connections of peers held on their own stay held. */
    public void releaseAll() {
        holdAll = false;
        wakeRelays();
    }

    /** Ends {@link #hold(String)} for {@code peerId}. */
    public void release(String peerId) {
        heldPeers.remove(peerId);
        wakeRelays();
    }

    /** Ends every hold. */
    public void release() {
        holdAll = false;
        heldPeers.clear();
        wakeRelays();
    }

    private void wakeRelays() {
        synchronized (holdChanged) {
            holdChanged.notifyAll();
        }
    }

    /** Blocks a relay's copy loop while its connection is held. */
    private void awaitReleased(Relay relay) throws InterruptedException {
        synchronized (holdChanged) {
            while (!closed && !relay.closed && (holdAll || (relay.peerId != null && heldPeers.contains(relay.peerId)))) {
                holdChanged.wait();
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket inbound;
            try {
                inbound = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("proxy for {} stopped accepting: {}", memberId, e.toString());
                }
                return;
            }
            Socket outbound = new Socket();
            try {
                inbound.setTcpNoDelay(true);
                outbound.setTcpNoDelay(true);
                outbound.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1000);
            } catch (IOException e) {
                // the member is down: the caller sees a refused (closed) connection, as without a proxy
                closeQuietly(inbound);
                closeQuietly(outbound);
                continue;
            }
            Relay relay = new Relay(inbound, outbound);
            relays.add(relay);
            relay.start();
        }
    }

    /** One proxied connection: two copying threads. */
    private final class Relay {
        private final Socket inbound;
        private final Socket outbound;
        private final HandshakeSniffer sniffer = new HandshakeSniffer();
        private volatile String peerId;
        private volatile boolean closed;

        Relay(Socket inbound, Socket outbound) {
            this.inbound = inbound;
            this.outbound = outbound;
        }

        void start() {
            Thread up = new Thread(() -> copy(inbound, outbound, true), "proxy-" + memberId + "-in");
            Thread down = new Thread(() -> copy(outbound, inbound, false), "proxy-" + memberId + "-out");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        /**
         * Copies one direction until a side closes; the caller's side ({@code sniff}) is watched for
         * the peer handshake, and a connection from a cut peer ends as soon as it names itself.
         */
        private void copy(Socket from, Socket to, boolean sniff) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (sniff && sniffer.state() == HandshakeSniffer.State.LOOKING
                            && sniffer.feed(buffer, 0, n) == HandshakeSniffer.State.PEER) {
                        peerId = sniffer.peerId();
                        if (cutFrom.contains(peerId)) {
                            break;
                        }
                    }
                    awaitReleased(this);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: the connection ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void close() {
            closed = true;
            relays.remove(this);
            closeQuietly(inbound);
            closeQuietly(outbound);
            wakeRelays();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        dropConnections();
        release();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
