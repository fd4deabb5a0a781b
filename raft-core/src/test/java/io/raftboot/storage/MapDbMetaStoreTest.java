package io.raftboot.storage;

import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.SnapshotMeta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MapDbMetaStoreTest {
    @TempDir
    Path dir;

    private MetaStore open() {
        return MapDbMetaStore.open(dir.resolve("meta.db"));
    }

    @Test
    void newStoreHasNothing() {
        try (MetaStore meta = open()) {
            assertThat(meta.hardState()).isEqualTo(HardState.INITIAL);
            assertThat(meta.clusterId()).isEmpty();
            assertThat(meta.bootstrap()).isEmpty();
            assertThat(meta.commitHint()).isZero();
        }
    }

    @Test
    void everythingSurvivesReopen() {
        Configuration conf = Configuration.ofVoters(List.of(new Member("a", "127.0.0.1:7001", true),
                new Member("b", "127.0.0.1:7002", true)));
        try (MetaStore meta = open()) {
            meta.saveHardState(new HardState(7, "b", 3));
            meta.saveClusterId("cluster-1");
            meta.saveBootstrap(new SnapshotMeta(0, 0, conf));
            meta.saveCommitHint(42);
        }
        try (MetaStore meta = open()) {
            assertThat(meta.hardState()).isEqualTo(new HardState(7, "b", 42));
            assertThat(meta.clusterId()).contains("cluster-1");
            assertThat(meta.bootstrap()).contains(new SnapshotMeta(0, 0, conf));
            assertThat(meta.commitHint()).isEqualTo(42);
            meta.saveHardState(new HardState(8, null, 0));
        }
        try (MetaStore meta = open()) {
            assertThat(meta.hardState()).isEqualTo(new HardState(8, null, 42));
        }
    }

    @Test
    void commitHintNeverMovesBack() {
        try (MetaStore meta = open()) {
            meta.saveCommitHint(10);
            meta.saveCommitHint(5);
            meta.saveHardState(new HardState(1, "a", 2));
            assertThat(meta.commitHint()).isEqualTo(10);
            assertThat(meta.hardState().commitHint()).isEqualTo(10);
        }
        try (MetaStore meta = open()) {
            assertThat(meta.commitHint()).isEqualTo(10);
        }
    }

    @Test
    void memoryMetaStoreBehavesAlikeWithinAProcess() {
        MetaStore meta = new MemoryMetaStore();
        meta.saveHardState(new HardState(3, "x", 1));
        meta.saveCommitHint(9);
        meta.saveCommitHint(4);
        meta.saveClusterId("c");
        assertThat(meta.hardState()).isEqualTo(new HardState(3, "x", 9));
        assertThat(meta.clusterId()).contains("c");
    }
}
