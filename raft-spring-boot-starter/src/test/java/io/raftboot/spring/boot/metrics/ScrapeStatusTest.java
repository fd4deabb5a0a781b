package io.raftboot.spring.boot.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.raftboot.api.NodeStatus;
import io.raftboot.spring.boot.support.FakeRaftNode;

class ScrapeStatusTest {

    private final FakeRaftNode node = new FakeRaftNode();
    private final AtomicInteger builds = new AtomicInteger();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ScrapeStatus status = new ScrapeStatus(() -> {
        builds.incrementAndGet();
        return node.status();
    }, clock::get);

    @Test
    void theReadersOfOneScrapeShareOneBuild() {
        status.read(0);
        status.read(1);
        status.read(2);
        assertThat(builds).hasValue(1);
    }

    @Test
    void aReaderComingBackGetsAFreshBuildThatTheOthersThenShare() {
        status.read(0);
        status.read(1);
        NodeStatus changed = withTerm(node.status(), 9);
        node.setStatus(changed);
        assertThat(status.read(0)).isSameAs(changed);
        assertThat(status.read(1)).isSameAs(changed);
        assertThat(status.read(2)).isSameAs(changed);
        assertThat(builds).hasValue(2);
    }

    @Test
    void aBuildExpiresSoAGaugeReadAloneNeverGetsAnOldOne() {
        status.read(0);
        NodeStatus changed = withTerm(node.status(), 9);
        node.setStatus(changed);
        clock.addAndGet(ScrapeStatus.MAX_AGE_NANOS - 1);
        assertThat(status.read(1).term()).isEqualTo(3);
        clock.addAndGet(1);
        assertThat(status.read(2)).isSameAs(changed);
        assertThat(builds).hasValue(2);
    }

    private static NodeStatus withTerm(NodeStatus s, long term) {
        return new NodeStatus(s.id(), s.clusterId(), s.role(), term, s.leaderId(), s.leaderAddress(), s.commitIndex(),
                s.appliedIndex(), s.lastLogIndex(), s.lastLogTerm(), s.lastSnapshotIndex(), s.lastSnapshotTerm(),
                s.durability(), s.consistency(), s.members());
    }
}
