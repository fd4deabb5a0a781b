package io.raftboot.node;

import io.netty.channel.EventLoopGroup;
import io.raftboot.api.Command;
import io.raftboot.resp.RespValue;
import io.raftboot.tls.OutboundTls;
import io.raftboot.tls.TlsContexts;
import io.raftboot.transport.PeerCommandHandler;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The side of a member that faces its clients: the listener and the command layer behind it. It is
 * built above the node by whoever opens the member ({@code io.raftboot.RaftNodes}), so the node
 * never knows the server or the commands; {@link NodeLauncher} calls it at the two moments of
 * start-up that need it.
 */
public interface ClientFront {

    /**
     * Binds the listener, before the member's identity is known (its port may be 0 and the default
     * id is derived from the bound address). From here on the node closes it.
     */
    Listener bind(Network network);

    /**
     * Once the member runs: builds the command layer over it. Returns how {@code RaftNode.execute}
     * runs a command as a connected client would.
     */
    CommandRunner serve(LocalMember member);

    /**
     * What the listener shares with the node.
     *
     * @param tls          the listener's TLS contexts, or null without TLS
     * @param outboundTls  how this member dials others (TLS exactly when its own port speaks TLS)
     * @param peerHandlers a handler per connection for the peer protocol ({@code RAFT.*} commands)
     */
    record Network(EventLoopGroup boss, EventLoopGroup workers, TlsContexts tls, OutboundTls outboundTls,
                   Supplier<PeerCommandHandler> peerHandlers) {
    }

    /** The bound listener as the node sees it. */
    interface Listener extends AutoCloseable {
        int port();

        /** The separate TLS listener's port, or -1 when there is none. */
        int tlsPort();

        /** Stops accepting and closes every connection. */
        @Override
        void close();
    }

    @FunctionalInterface
    interface CommandRunner {
        CompletionStage<RespValue> run(Command command);
    }
}
