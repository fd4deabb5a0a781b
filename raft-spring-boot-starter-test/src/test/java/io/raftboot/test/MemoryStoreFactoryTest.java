package io.raftboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.LogStoreType;
import io.raftboot.api.StateMachine;
import io.raftboot.test.examples.Counter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A factory instead of a class, the memory log store, a one-member cluster. */
@EmbeddedRaftCluster(members = 1, factory = MemoryStoreFactoryTest.Counters.class, logStore = LogStoreType.MEMORY)
class MemoryStoreFactoryTest {
    static final AtomicInteger BUILT = new AtomicInteger();

    /** Counts the instances it builds: one per member start. */
    public static final class Counters implements Supplier<StateMachine> {
        @Override
        public StateMachine get() {
            BUILT.incrementAndGet();
            return new Counter();
        }
    }

    @Test
    void theFactoryBuildsEachMemberAndAKilledMemoryMemberCannotRestart(RaftCluster cluster) {
        assertThat(BUILT.get()).isEqualTo(1);
        ClusterMember only = cluster.leader();
        assertThat(only.execute("INCR", "k")).isEqualTo(1L);

        cluster.kill(only);
        assertThatThrownBy(() -> cluster.restart(only)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("memory log store");
    }
}
