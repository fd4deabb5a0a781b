package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.SnapshotMeta;

import java.util.Optional;

/** A heap-only {@link MetaStore} for tests and the memory log store: nothing survives a restart. */
public final class MemoryMetaStore implements MetaStore {
    private volatile HardState hardState = HardState.INITIAL;
    private volatile String clusterId;
    private volatile SnapshotMeta bootstrap;

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public synchronized void saveHardState(HardState state) {
        hardState = new HardState(state.term(), state.votedFor(), hardState.commitHint().max(state.commitHint()));
    }

    @Override
    public Optional<String> clusterId() {
        return Optional.ofNullable(clusterId);
    }

    @Override
    public void saveClusterId(String id) {
        clusterId = id;
    }

    @Override
    public CommitHint commitHint() {
        return hardState.commitHint();
    }

    @Override
    public synchronized void saveCommitHint(CommitHint hint) {
        HardState h = hardState;
        hardState = new HardState(h.term(), h.votedFor(), h.commitHint().max(hint));
    }

    @Override
    public Optional<SnapshotMeta> bootstrap() {
        return Optional.ofNullable(bootstrap);
    }

    @Override
    public void saveBootstrap(SnapshotMeta initialConfiguration) {
        bootstrap = initialConfiguration;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
