package io.raftboot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.CommandException;
import io.raftboot.api.NodeRole;
import io.raftboot.test.examples.Counter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The cluster handle's faults, checked on what the members do, not on what the kit says it did. */
@EmbeddedRaftCluster(members = 3, stateMachine = Counter.class)
class EmbeddedRaftClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    RaftCluster injected;

    private static long count(ClusterMember member, String key) {
        Counter counter = member.stateMachine();
        return counter.snapshotOf().getOrDefault(key, 0L);
    }

    private static void incr(RaftCluster cluster, String key, int times) {
        for (int i = 0; i < times; i++) {
            cluster.leader().execute("INCR", key);
        }
    }

    /** A {@code @Nested} class runs on the enclosing class's cluster settings, handle injected both ways. */
    @Nested
    class InANestedClass {
        RaftCluster nestedField;

        @Test
        void getsTheEnclosingClassesClusterInItsFieldsAndParameters(RaftCluster cluster) {
            assertThat(cluster).isSameAs(nestedField).isSameAs(injected);
            assertThat(cluster.members()).hasSize(3);
            assertThat(cluster.leader().execute("INCR", "n")).isEqualTo(1L);
        }
    }

    @Test
    void startsMembersOnTheirOwnDirectoriesAndAddressesAndInjectsTheSameHandle(RaftCluster cluster) {
        assertThat(cluster).isSameAs(injected);
        List<ClusterMember> members = cluster.members();
        assertThat(members).hasSize(3);
        assertThat(members).extracting(ClusterMember::dataDir).doesNotHaveDuplicates();
        assertThat(members).extracting(ClusterMember::address).doesNotHaveDuplicates().allMatch(a -> a.startsWith("127.0.0.1:"));

        ClusterMember leader = cluster.leader();
        assertThat(leader.execute("INCR", "k")).isEqualTo(1L);
        try (Jedis jedis = leader.jedis()) {
            assertThat(jedis.incr("k")).isEqualTo(2L);
        }
        cluster.awaitConverged();
        assertThat(members).allSatisfy(m -> assertThat(count(m, "k")).isEqualTo(2));
    }

    @Test
    void anIsolatedLeaderCannotCommitAndTheMajorityElectsAnother(RaftCluster cluster) {
        incr(cluster, "k", 2);
        ClusterMember old = cluster.leader();
        cluster.isolate(old);

        await().atMost(WAIT).until(() -> cluster.leader() != old);
        assertThatThrownBy(() -> old.execute("INCR", "k")).isInstanceOf(CommandException.class);
        incr(cluster, "k", 1);

        cluster.heal();
        await().atMost(WAIT).until(() -> old.status().role() == NodeRole.FOLLOWER);
        cluster.awaitConverged();
        // the increment the isolated leader took never committed: every member counts 3
        assertThat(cluster.members()).allSatisfy(m -> assertThat(count(m, "k")).isEqualTo(3));
    }

    @Test
    void aKilledMemberRestartsFromItsDataAndCatchesUp(RaftCluster cluster) {
        incr(cluster, "k", 3);
        ClusterMember follower = cluster.others(cluster.leader()).get(0);
        cluster.kill(follower);
        assertThat(follower.running()).isFalse();
        incr(cluster, "k", 2);

        cluster.restart(follower);
        cluster.awaitConverged();
        assertThat(count(follower, "k")).isEqualTo(5);

        ClusterMember leader = cluster.leader();
        cluster.kill(leader);
        assertThat(cluster.leader()).isNotSameAs(leader);
        assertThat(cluster.leader().execute("INCR", "k")).isEqualTo(6L);
    }

    @Test
    void aPausedLeaderIsReplacedAndStepsDownOnceResumed(RaftCluster cluster) {
        ClusterMember old = cluster.leader();
        cluster.pause(old);
        await().atMost(WAIT).until(() -> cluster.leader() != old);
        incr(cluster, "k", 1);

        cluster.resume(old);
        await().atMost(WAIT).until(() -> old.status().role() == NodeRole.FOLLOWER);
        cluster.awaitConverged();
        assertThat(count(old, "k")).isEqualTo(1);
    }

    @Test
    void leadershipMovesAndMembersJoinAndLeave(RaftCluster cluster) {
        ClusterMember target = cluster.others(cluster.leader()).get(0);
        cluster.transferLeadership(target);
        assertThat(cluster.leader()).isSameAs(target);

        ClusterMember added = cluster.addMember();
        incr(cluster, "k", 1);
        cluster.awaitConverged();
        assertThat(count(added, "k")).isEqualTo(1);

        ClusterMember leaving = cluster.others(cluster.leader()).get(0);
        cluster.removeMember(leaving);
        assertThat(cluster.members()).hasSize(3).doesNotContain(leaving);
        assertThat(cluster.leader().status().members()).extracting(m -> m.id())
                .containsExactlyInAnyOrderElementsOf(cluster.members().stream().map(ClusterMember::id).toList());
        assertThat(cluster.leader().execute("INCR", "k")).isEqualTo(2L);
    }

    @Test
    void commandsAppliedOnEveryMemberAreAwaitedByIndex(RaftCluster cluster) {
        incr(cluster, "a", 1);
        long index = cluster.leader().status().commitIndex();
        cluster.awaitApplied(index);
        for (ClusterMember member : cluster.members()) {
            assertThat(member.status().appliedIndex()).isGreaterThanOrEqualTo(index);
            assertThat(((Counter) member.stateMachine()).snapshotOf()).isEqualTo(Map.of("a", 1L));
        }
    }
}
