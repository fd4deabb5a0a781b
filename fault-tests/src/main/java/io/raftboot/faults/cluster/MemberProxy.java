package io.raftboot.faults.cluster;

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
 * The address other members use to reach one member: a TCP proxy on 127.0.0.1 in front of its
 * real RESP port. Peers' connections are recognised by their handshake ({@link HandshakeSniffer}),
 * so each directed link "from X to this member" can be cut on its own: Raft messages travel on
 * the sender's own outbound connection (RAFT.MSG has no reply), so cutting X's connections here
 * loses exactly X's messages to this member. A cut link's connections are closed at once and new
 * ones are closed as soon as they identify themselves. Other connections (clients, start-up
 * checks) always pass.
 *
 * <p>The member behind may restart on another port: {@link #target(int)} changes where new
 * connections go.
 */
public final class MemberProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MemberProxy.class);

    private final String memberId;
    private final ServerSocket server;
    private final Thread acceptor;
    private final Set<String> cutFrom = ConcurrentHashMap.newKeySet();
    private final Set<Relay> relays = ConcurrentHashMap.newKeySet();
    private volatile int targetPort;
    private volatile boolean closed;

    public MemberProxy(String memberId, int targetPort) throws IOException {
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

        Relay(Socket inbound, Socket outbound) {
            this.inbound = inbound;
            this.outbound = outbound;
        }

        void start() {
            Thread up = new Thread(this::upstream, "proxy-" + memberId + "-in");
            Thread down = new Thread(this::downstream, "proxy-" + memberId + "-out");
            up.setDaemon(true);
            down.setDaemon(true);
            up.start();
            down.start();
        }

        private void upstream() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = inbound.getInputStream(); OutputStream out = outbound.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (sniffer.state() == HandshakeSniffer.State.LOOKING
                            && sniffer.feed(buffer, 0, n) == HandshakeSniffer.State.PEER) {
                        peerId = sniffer.peerId();
                        if (cutFrom.contains(peerId)) {
                            break;
                        }
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: the connection ends
            } finally {
                close();
            }
        }

        private void downstream() {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = outbound.getInputStream(); OutputStream out = inbound.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // a side closed: the connection ends
            } finally {
                close();
            }
        }

        void close() {
            relays.remove(this);
            closeQuietly(inbound);
            closeQuietly(outbound);
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
        for (Relay relay : relays) {
            relay.close();
        }
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
