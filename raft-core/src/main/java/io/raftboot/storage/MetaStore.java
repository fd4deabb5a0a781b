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

    /** Saves term, vote and commit hint together, atomically. */
    void saveHardState(HardState state);

    Optional<String> clusterId();

    void saveClusterId(String id);

    /** Highest commit index known durable enough to replay quickly on restart (a hint only). */
    long commitHint();

    void saveCommitHint(long index);

    /** The configuration (at index 0) a new cluster was bootstrapped from, if any. */
    Optional<SnapshotMeta> bootstrap();

    void saveBootstrap(SnapshotMeta initialConfiguration);

    @Override
    void close();
}
