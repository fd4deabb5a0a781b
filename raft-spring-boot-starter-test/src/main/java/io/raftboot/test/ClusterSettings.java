package io.raftboot.test;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How a {@link RaftCluster} is built: how many members, how each is started, where the log lives,
 * how fast elections are.
 *
 * @param members         initial voters
 * @param stateMachines   a new state machine per plain member start, and for the determinism
 *                        check; null for Spring members (their context builds it)
 * @param application     the {@code @SpringBootApplication} each member runs, or null for plain members
 * @param properties      extra properties of each Spring member ({@code key=value})
 * @param logStore        {@link LogStoreType#MEMORY} keeps nothing across {@link RaftCluster#restart}
 * @param electionTimeout short, so tests wait little for leaders; heartbeats are a sixth of it
 * @param customize       last word on each plain member's options (id, ports, peers and data dir are set)
 */
public record ClusterSettings(int members, Supplier<? extends StateMachine> stateMachines, Class<?> application,
                              List<String> properties, LogStoreType logStore, Duration electionTimeout,
                              Consumer<RaftOptions.Builder> customize) {

    public static final Duration DEFAULT_ELECTION_TIMEOUT = Duration.ofMillis(300);

    public ClusterSettings {
        if (members < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member: " + members);
        }
        if ((stateMachines == null) == (application == null)) {
            throw new IllegalArgumentException("give either a state machine or a Spring application, not both or neither");
        }
        properties = properties == null ? List.of() : List.copyOf(properties);
        Objects.requireNonNull(logStore, "logStore");
        Objects.requireNonNull(electionTimeout, "electionTimeout");
        customize = customize == null ? options -> { } : customize;
    }

    /** {@code members} plain members on segmented logs with the default short election timeout. */
    public static ClusterSettings of(int members, Supplier<? extends StateMachine> stateMachines) {
        return new ClusterSettings(members, Objects.requireNonNull(stateMachines, "stateMachines"), null, null,
                LogStoreType.SEGMENTED, DEFAULT_ELECTION_TIMEOUT, null);
    }

    /** {@code members} application contexts of {@code application}, each with {@code properties} too. */
    public static ClusterSettings spring(int members, Class<?> application, String... properties) {
        return new ClusterSettings(members, null, Objects.requireNonNull(application, "application"), List.of(properties),
                LogStoreType.SEGMENTED, DEFAULT_ELECTION_TIMEOUT, null);
    }

    public ClusterSettings withLogStore(LogStoreType store) {
        return new ClusterSettings(members, stateMachines, application, properties, store, electionTimeout, customize);
    }

    public ClusterSettings withElectionTimeout(Duration timeout) {
        return new ClusterSettings(members, stateMachines, application, properties, logStore, timeout, customize);
    }

    /** Adjusts each plain member's options (e.g. {@code o -> o.consistency(Consistency.LOW)}). */
    public ClusterSettings withOptions(Consumer<RaftOptions.Builder> options) {
        return new ClusterSettings(members, stateMachines, application, properties, logStore, electionTimeout,
                customize.andThen(options));
    }

    /** The launcher; Spring classes are touched only for Spring members. */
    MemberLauncher launcher() {
        return application == null ? MemberLauncher.plain(stateMachines, customize)
                : new SpringMemberLauncher(application, properties);
    }
}
