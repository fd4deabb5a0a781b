package io.raftboot;

import io.raftboot.api.ClientLimits;
import io.raftboot.api.RaftOptions;
import io.raftboot.command.Builtin;
import io.raftboot.command.ClientSession;
import io.raftboot.command.CommandDispatcher;
import io.raftboot.command.CommandTable;
import io.raftboot.command.ConnectionCommands;
import io.raftboot.command.RaftCommands;
import io.raftboot.command.TransactionCommands;
import io.raftboot.command.WaitCommand;
import io.raftboot.command.ServerInfoCommands;
import io.raftboot.command.Users;
import io.raftboot.node.ClientFront;
import io.raftboot.node.LocalMember;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespLimits;
import io.raftboot.server.ProxyForwarder;
import io.raftboot.server.RespServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A member's clients served over RESP: the {@link RespServer} bound first, then, once the member
 * runs, the built-in commands, the command table and the {@link CommandDispatcher} the server's
 * connections use (until then they are answered {@code -LOADING}).
 */
final class RespFront implements ClientFront {
    private final RaftOptions options;
    private volatile RespServer server;
    private volatile CommandDispatcher dispatcher;
    private Network network;

    RespFront(RaftOptions options) {
        this.options = options;
    }

    @Override
    public Listener bind(Network network) {
        this.network = network;
        RespServer.ServerTls tls = network.tls() == null ? null
                : new RespServer.ServerTls(options.tls().orElseThrow(), network.tls());
        server = new RespServer(options.host(), options.port(), tls, limits(options.limits()), network.boss(),
                network.workers(), network.peerHandlers(), () -> dispatcher, options.password().isPresent(),
                this::connectionsChanged);
        return new BoundListener(server);
    }

    @Override
    public CommandRunner serve(LocalMember member) {
        // said once at start-up: whether this member serves every command without a password
        Users.warnIfOpen(options, member.id());
        CommandTable[] table = new CommandTable[1];
        List<Builtin> builtins = new ArrayList<>();
        builtins.addAll(new ConnectionCommands(member, () -> table[0]).all());
        builtins.addAll(new ServerInfoCommands(member, server::openConnections).all());
        builtins.addAll(new RaftCommands(member, () -> table[0]).all());
        builtins.addAll(new TransactionCommands(member, () -> dispatcher).all());
        builtins.addAll(new WaitCommand(member).all());
        table[0] = new CommandTable(member.userCommands().values(), builtins);
        CommandDispatcher commands = new CommandDispatcher(member, table[0],
                new ProxyForwarder(network.workers(), options, network.outboundTls()));
        dispatcher = commands;
        return command -> {
            RespCommand resp = new RespCommand(command.toArray(), false);
            return commands.execute(commands.lookup(resp), resp, new ClientSession("local", true));
        };
    }

    private void connectionsChanged() {
        RespServer bound = server;
        if (bound != null) {
            options.metrics().connections(bound.openConnections());
        }
    }

    /** The server as the node sees it: the node closes it when the member stops. */
    private record BoundListener(RespServer server) implements Listener {
        @Override
        public int port() {
            return server.port();
        }

        @Override
        public int tlsPort() {
            return server.tlsPort();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static RespLimits limits(ClientLimits l) {
        return new RespLimits(l.maxBulkLength(), l.maxArguments(), l.maxInlineLength(), l.maxClients(),
                l.clientOutputBuffer(), l.idleTimeout());
    }
}
