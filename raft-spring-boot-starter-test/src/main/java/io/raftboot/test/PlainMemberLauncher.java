package io.raftboot.test;

import io.raftboot.RaftNodes;
import io.raftboot.api.Durability;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Members as plain {@link RaftNode}s with options built here. */
final class PlainMemberLauncher implements MemberLauncher {
    private final Supplier<? extends StateMachine> stateMachines;
    private final Consumer<RaftOptions.Builder> customize;

    PlainMemberLauncher(Supplier<? extends StateMachine> stateMachines, Consumer<RaftOptions.Builder> customize) {
        this.stateMachines = stateMachines;
        this.customize = customize;
    }

    @Override
    public Launched launch(MemberConfig config) {
        Duration election = config.electionTimeout();
        RaftOptions.Builder options = RaftOptions.builder().nodeId(config.id()).host("127.0.0.1").port(0)
                .advertise(config.advertise()).dataDir(config.dataDir()).logStore(config.logStore())
                .electionTimeout(election).heartbeatInterval(election.dividedBy(6))
                .requestTimeout(election.multipliedBy(6))
                // the OS keeps what was written when an in-JVM member stops: fsync buys nothing here
                .durability(Durability.LOW)
                // kill means no hand-off
                .shutdownTimeout(Duration.ZERO);
        if (config.peers().size() > 1) {
            options.peers(config.peers());
        }
        if (config.join() != null) {
            options.join(config.join());
        }
        customize.accept(options);
        StateMachine stateMachine = stateMachines.get();
        RaftNode node = RaftNodes.open(options.build(), config.wrap().apply(stateMachine));
        return new Launched(node, stateMachine, type -> null, node::close);
    }
}
