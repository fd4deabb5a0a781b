package io.raftboot.storage;

import io.raftboot.consensus.HardState;
import io.raftboot.consensus.SnapshotMeta;

import java.util.Optional;

/**
 * Small metadata that must survive restarts: term and vote, cluster id, the configuration a new
 * cluster starts from, and a commit-index hint. Every save is committed (durable) before it returns,
 * at every durability level.
 */
public interface MetaStore extends AutoCloseable {

    /** Term, vote and commit hint; {@link HardState#INITIAL} for a new store. */
    HardState hardState();

    /** Saves term and vote (and the commit hint, unless lower than the saved one) atomically and durably. */
    void saveHardState(HardState state);

    Optional<String> clusterId();

    void saveClusterId(String id);

    /** Highest commit index saved so far (a hint for a fast restart); it never moves back. */
    long commitHint();

    void saveCommitHint(long index);

    /** The configuration (at index 0) a new cluster was bootstrapped from, if any. */
    Optional<SnapshotMeta> bootstrap();

    void saveBootstrap(SnapshotMeta initialConfiguration);

    @Override
    void close();
}
