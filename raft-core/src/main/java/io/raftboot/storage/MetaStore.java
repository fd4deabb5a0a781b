package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
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

    /**
     * Saves term and vote (and the commit hint, unless behind the saved one) atomically and durably.
     * The hint must name an entry already durable in the log: a restart trusts it only where the log
     * holds that entry, but one that claims more than what is durable before it is never written.
     */
    void saveHardState(HardState state);

    Optional<String> clusterId();

    void saveClusterId(String id);

    /** Highest commit hint saved so far (for a fast restart), or {@link CommitHint#NONE}; it never moves back. */
    CommitHint commitHint();

    /** Saves the hint durably unless the saved one is at or beyond its index; the same rule as above. */
    void saveCommitHint(CommitHint hint);

    /** The configuration (at index 0) a new cluster was bootstrapped from, if any. */
    Optional<SnapshotMeta> bootstrap();

    void saveBootstrap(SnapshotMeta initialConfiguration);

    @Override
    void close();
}
