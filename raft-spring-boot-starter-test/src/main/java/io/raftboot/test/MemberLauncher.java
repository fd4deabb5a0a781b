package io.raftboot.test;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.RaftNode;
import io.raftboot.api.StateMachine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Starts one member of a {@link RaftCluster}: as a plain {@link RaftNode} ({@link #plain}) or as
 * its own Spring application context ({@code SpringMemberLauncher}). The cluster decides the
 * member's identity and addresses; the launcher only starts it.
 */
public interface MemberLauncher {

    /**
     * What a member is started with.
     *
     * @param advertise the member's proxy address: what peers and redirects must name
     * @param peers     static initial members ({@code id@host:port}), empty when joining or alone
     * @param join      the address of a member to join through, or null
     * @param wrap      to apply to the state machine the node runs (the kit records committed writes)
     */
    record MemberConfig(String id, String advertise, Path dataDir, List<String> peers, String join,
                        Duration electionTimeout, LogStoreType logStore, Function<StateMachine, StateMachine> wrap) {
    }

    /**
     * A started member.
     *
     * @param stateMachine the user's own state machine object (a bean under Spring)
     * @param beans        finds a bean of the member's context by type (plain members have none)
     * @param stop         stops the member without a leadership hand-off
     */
    record Launched(RaftNode node, Object stateMachine, Function<Class<?>, Object> beans, Runnable stop) {
    }

    Launched launch(MemberConfig config);

    /** Plain {@link RaftNode}s; {@code stateMachines} is asked for a new instance at every start. */
    static MemberLauncher plain(java.util.function.Supplier<? extends StateMachine> stateMachines,
                                java.util.function.Consumer<io.raftboot.api.RaftOptions.Builder> customize) {
        return new PlainMemberLauncher(stateMachines, customize);
    }
}
