package io.raftboot.test;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.StateMachine;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts a fresh Raft cluster in the test JVM before each test and closes it after: {@link #members}
 * members on 127.0.0.1, each with its own data directory (or the memory log store), each with a new
 * instance of the state machine. The test receives it as a {@link RaftCluster} parameter or field,
 * once a leader is elected.
 *
 * <p>Plain members run {@link #stateMachine} (or what {@link #factory} supplies); Spring members run
 * {@link #application}, each in its own application context.
 *
 * <pre>{@code
 * @EmbeddedRaftCluster(members = 3, stateMachine = Counter.class)
 * class CounterTest {
 *     @Test
 *     void survivesALeaderCrash(RaftCluster cluster) { ... }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedRaftClusterExtension.class)
public @interface EmbeddedRaftCluster {

    /** Initial voters. */
    int members() default 3;

    /** The state machine, built with its no-argument constructor for every member start. */
    Class<? extends StateMachine> stateMachine() default StateMachine.class;

    /**
     * Instead of {@link #stateMachine}: a {@code Supplier<StateMachine>} with a no-argument
     * constructor, asked for every member start.
     */
    @SuppressWarnings("rawtypes")
    Class<? extends Supplier> factory() default Supplier.class;

    /**
     * Instead of a state machine: the {@code @SpringBootApplication} each member runs, each in its
     * own application context, configured with {@code raft.*} properties by the kit.
     */
    Class<?> application() default void.class;

    /** Extra properties ({@code key=value}) of every Spring member; they win over the kit's. */
    String[] properties() default {};

    /** {@link LogStoreType#MEMORY} for speed; then {@link RaftCluster#restart} is refused. */
    LogStoreType logStore() default LogStoreType.SEGMENTED;

    /** Election timeout in milliseconds: short, so tests wait little for leaders. */
    long electionTimeoutMillis() default 300;
}
