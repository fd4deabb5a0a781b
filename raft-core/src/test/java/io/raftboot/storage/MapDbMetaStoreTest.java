package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
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
            assertThat(meta.commitHint()).isEqualTo(CommitHint.NONE);
        }
    }

    @Test
    void everythingSurvivesReopen() {
        Configuration conf = Configuration.ofVoters(List.of(new Member("a", "127.0.0.1:7001", true),
                new Member("b", "127.0.0.1:7002", true)));
        try (MetaStore meta = open()) {
            meta.saveHardState(new HardState(7, "b", new CommitHint(3, 2)));
            meta.saveClusterId("cluster-1");
            meta.saveBootstrap(new SnapshotMeta(0, 0, conf));
            meta.saveCommitHint(new CommitHint(42, 7));
        }
        try (MetaStore meta = open()) {
            assertThat(meta.hardState()).isEqualTo(new HardState(7, "b", new CommitHint(42, 7)));
            assertThat(meta.clusterId()).contains("cluster-1");
            assertThat(meta.bootstrap()).contains(new SnapshotMeta(0, 0, conf));
            assertThat(meta.commitHint()).isEqualTo(new CommitHint(42, 7));
            meta.saveHardState(new HardState(8, null));
        }
        try (MetaStore meta = open()) {
            assertThat(meta.hardState()).isEqualTo(new HardState(8, null, new CommitHint(42, 7)));
        }
    }

    @Test
    void commitHintNeverMovesBack() {
        try (MetaStore meta = open()) {
            meta.saveCommitHint(new CommitHint(10, 2));
            meta.saveCommitHint(new CommitHint(5, 1));
            meta.saveHardState(new HardState(1, "a", new CommitHint(2, 1)));
            assertThat(meta.commitHint()).isEqualTo(new CommitHint(10, 2));
            assertThat(meta.hardState().commitHint()).isEqualTo(new CommitHint(10, 2));
        }
        try (MetaStore meta = open()) {
            assertThat(meta.commitHint()).isEqualTo(new CommitHint(10, 2));
        }
    }

    @Test
    void aHintSavedWithoutItsTermIsNoHint() {
        // a store written before hints carried a term: its index alone cannot be checked against the log
        try (MapDbMetaStore meta = MapDbMetaStore.open(dir.resolve("meta.db"))) {
            meta.saveCommitHint(new CommitHint(30, 3));
        }
        MirroredMapDb<org.mapdb.HTreeMap<String, byte[]>> raw = MirroredMapDb.open(dir.resolve("meta.db"),
                d -> d.hashMap("meta", org.mapdb.Serializer.STRING, org.mapdb.Serializer.BYTE_ARRAY).createOrOpen(),
                (from, to) -> to.putAll(from));
        raw.write(m -> m.put("commitHint", new byte[] {0, 0, 0, 0, 0, 0, 0, 42}));
        raw.close();
        try (MetaStore meta = open()) {
            assertThat(meta.commitHint()).isEqualTo(CommitHint.NONE);
            assertThat(meta.hardState().commitHint()).isEqualTo(CommitHint.NONE);
        }
    }

    @Test
    void memoryMetaStoreBehavesAlikeWithinAProcess() {
        MetaStore meta = new MemoryMetaStore();
        meta.saveHardState(new HardState(3, "x", new CommitHint(1, 1)));
        meta.saveCommitHint(new CommitHint(9, 3));
        meta.saveCommitHint(new CommitHint(4, 2));
        meta.saveClusterId("c");
        assertThat(meta.hardState()).isEqualTo(new HardState(3, "x", new CommitHint(9, 3)));
        assertThat(meta.clusterId()).contains("c");
    }
}
