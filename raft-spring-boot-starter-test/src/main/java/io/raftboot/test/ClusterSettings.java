package io.raftboot.test;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a {@link RaftCluster} is built: how many members, a new state machine for each member (and
 * for each restart), where the log lives, how fast elections are, and any other option.
 *
 * @param members         initial voters
 * @param stateMachines   called once per member start: every member needs its own instance
 * @param logStore        {@link LogStoreType#MEMORY} keeps nothing across {@link RaftCluster#restart}
 * @param electionTimeout short, so tests wait little for leaders; heartbeats are a sixth of it
 * @param customize       last word on each member's options (its id, ports, peers and data dir are set)
 */
public record ClusterSettings(int members, Supplier<? extends StateMachine> stateMachines, LogStoreType logStore,
                              Duration electionTimeout, Consumer<RaftOptions.Builder> customize) {

    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(300);

    public ClusterSettings {
        if (members < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member: " + members);
        }
        Objects.requireNonNull(stateMachines, "stateMachines");
        Objects.requireNonNull(logStore, "logStore");
        Objects.requireNonNull(electionTimeout, "electionTimeout");
        customize = customize == null ? options -> { } : customize;
    }

    /** {@code members} members on segmented logs with the default short election timeout. */
    public static ClusterSettings of(int members, Supplier<? extends StateMachine> stateMachines) {
        return new ClusterSettings(members, stateMachines, LogStoreType.SEGMENTED, DEFAULT_ELECTION_TIMEOUT, null);
    }

    public ClusterSettings withLogStore(LogStoreType store) {
        return new ClusterSettings(members, stateMachines, store, electionTimeout, customize);
    }

    public ClusterSettings withElectionTimeout(Duration timeout) {
        return new ClusterSettings(members, stateMachines, logStore, timeout, customize);
    }

    public ClusterSettings withOptions(Consumer<RaftOptions.Builder> options) {
        return new ClusterSettings(members, stateMachines, logStore, electionTimeout, customize.andThen(options));
    }
}
