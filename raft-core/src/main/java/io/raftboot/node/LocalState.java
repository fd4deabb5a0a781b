package io.raftboot.node;

import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.Member;
import io.raftboot.consensus.SnapshotMeta;
import io.raftboot.storage.DataDirectory;
import io.raftboot.storage.LogStoreKind;
import io.raftboot.storage.SnapshotFile;
import io.raftboot.storage.StorageRecovery;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's local state at start-up: locks and opens the data dir, decides how the member starts
 * (resume; bootstrap alone or from {@code raft.peers}; join; restore-from; force-new-cluster),
 * checks the snapshot against the log and restores the state machine from the newest snapshot.
 */
final class LocalState {
    private static final Logger log = LoggerFactory.getLogger(LocalState.class);

    private LocalState() {
    }

    /**
     * @param joining  the member must ask a cluster to add it
     * @param base     the snapshot (or bootstrap) it starts from
     * @param baseSize bytes of that snapshot's file, {@link SnapshotPolicy#NO_SNAPSHOT} when there is none
     */
    record Opened(boolean joining, SnapshotMeta base, long baseSize) {
    }

    static Opened open(NodeParts parts, RaftOptions options, StateMachine stateMachine) {
        Path dir = options.dataDir().orElse(Path.of("raft-data", parts.nodeId));
        parts.dataDir = DataDirectory.lock(dir);
        boolean fresh = parts.dataDir.isEmpty();
        if (options.restoreFrom().isPresent() && !fresh) {
            throw new IllegalStateException("raft.restore-from is refused: data dir " + parts.dataDir.path()
                    + " is not empty");
        }
        parts.meta = parts.dataDir.openMeta();
        parts.logStore = parts.dataDir.openLog(LogStoreKind.valueOf(options.logStore().name()));
        parts.snapshots = parts.dataDir.openSnapshots(options.snapshotRetain());
        parts.clusterId.set(parts.meta.clusterId().orElse(null));
        boolean joining = false;
        boolean aloneByForce = false;
        if (options.restoreFrom().isPresent()) {
            Path source = options.restoreFrom().get();
            try {
                SnapshotFile imported = parts.snapshots.importFile(source);
                log.warn("{} starts a new one-member cluster from snapshot {} (index {}, term {})", parts.nodeId,
                        source, imported.meta().index(), imported.meta().term());
            } catch (IOException e) {
                throw new IllegalStateException("raft.restore-from: cannot import " + source + ": " + e.getMessage(), e);
            }
            String clusterId = UUID.randomUUID().toString();
            parts.meta.saveClusterId(clusterId);
            parts.clusterId.set(clusterId);
            aloneByForce = true;
        } else if (fresh) {
            joining = bootstrap(parts, options);
        } else if (options.forceNewCluster()) {
            aloneByForce = true;
        } else if (options.join().isPresent()) {
            log.info("{} has data in {}: resuming, raft.join ignored", parts.nodeId, parts.dataDir.path());
        }

        Optional<SnapshotFile> latest = parts.snapshots.latest();
        SnapshotMeta base = latest.map(SnapshotFile::meta)
                .orElseGet(() -> parts.meta.bootstrap().orElse(SnapshotMeta.NONE));
        StorageRecovery.check(parts.logStore, base.index(), parts.dataDir.path().toString());
        if (StorageRecovery.logSupersededBySnapshot(parts.logStore, base.index(), base.term())) {
            parts.logStore.reset(base.index());
        }
        if (aloneByForce) {
            forceSelfConfiguration(parts, base);
        }
        if (latest.isPresent()) {
            try (InputStream in = parts.snapshots.openData(latest.get())) {
                stateMachine.restore(in);
            } catch (IOException e) {
                throw new IllegalStateException("cannot restore snapshot " + latest.get().path() + ": " + e.getMessage(), e);
            }
        }

        return new Opened(joining, base, latest.map(SnapshotFile::size).orElse(SnapshotPolicy.NO_SNAPSHOT));
    }

    /** A fresh data dir: returns true when the node must join an existing cluster. */
    private static boolean bootstrap(NodeParts parts, RaftOptions options) {
        Member self = new Member(parts.nodeId, parts.advertise, true);
        Configuration initial;
        String clusterId;
        if (!options.peers().isEmpty()) {
            PeersCheck.refuseIfListed(parts.nodeId, options, parts.outboundTls);
            List<Member> members = new ArrayList<>();
            StringBuilder key = new StringBuilder();
            for (RaftOptions.Peer peer : options.peers()) {
                members.add(new Member(peer.id(), peer.address(), true));
            }
            members.sort(java.util.Comparator.comparing(Member::id));
            for (Member m : members) {
                key.append(m.id()).append('@').append(m.address()).append(',');
            }
            initial = Configuration.ofVoters(members);
            // the same peers list gives the same cluster id on every member, with no exchange
            clusterId = UUID.nameUUIDFromBytes(key.toString().getBytes(StandardCharsets.UTF_8)).toString();
        } else if (options.join().isEmpty()) {
            initial = Configuration.ofVoters(List.of(self));
            clusterId = UUID.randomUUID().toString();
        } else {
            return true;
        }
        parts.meta.saveBootstrap(new SnapshotMeta(0, 0, initial));
        parts.meta.saveClusterId(clusterId);
        parts.clusterId.set(clusterId);
        log.info("{} bootstraps cluster {} with {}", parts.nodeId, clusterId, initial.members());
        return false;
    }

    /**
     * Last-resort recovery ({@code raft.force-new-cluster}, {@code raft.restore-from}): appends a
     * configuration listing this member alone after everything it holds, so that it elects itself.
     * The term is raised to the last entry's so that the next leader term follows it.
     */
    private static void forceSelfConfiguration(NodeParts parts, SnapshotMeta base) {
        long last = Math.max(parts.logStore.lastIndex(), base.index());
        ForcedRecoveryMarker.refuseIfAlreadyApplied(parts.dataDir.path(), last);
        long lastTerm = last == base.index() ? base.term() : parts.logStore.term(last);
        HardState hardState = parts.meta.hardState();
        long term = Math.max(1, Math.max(lastTerm, hardState.term()));
        Configuration alone = Configuration.ofVoters(List.of(new Member(parts.nodeId, parts.advertise, true)));
        parts.logStore.append(List.of(new Entry(last + 1, term, EntryType.CONFIGURATION,
                ConfigurationCodec.encode(alone))));
        parts.logStore.sync();
        if (hardState.term() < term) {
            parts.meta.saveHardState(new HardState(term, null, hardState.commitHint()));
        }
        ForcedRecoveryMarker.record(parts.dataDir.path(), last + 1);
        log.warn("{} rewrote its configuration to itself alone at index {} (term {}): other members must be "
                + "removed or wiped before they rejoin", parts.nodeId, last + 1, term);
    }

}
