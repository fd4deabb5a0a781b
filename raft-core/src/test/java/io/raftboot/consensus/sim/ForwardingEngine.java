package io.raftboot.consensus.sim;

import io.raftboot.consensus.ConfigChange;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.ProposalResult;
import io.raftboot.consensus.RaftEngine;
import io.raftboot.consensus.RaftStatus;
import io.raftboot.consensus.Ready;
import io.raftboot.consensus.SnapshotMeta;
import java.util.List;

/** Passes every call to a real engine; deliberately broken test engines override what they break. */
class ForwardingEngine implements RaftEngine {
    protected final RaftEngine delegate;

    ForwardingEngine(RaftEngine delegate) {
        this.delegate = delegate;
    }

    @Override
    public void tick() {
        delegate.tick();
    }

    @Override
    public void step(Message message) {
        delegate.step(message);
    }

    @Override
    public ProposalResult propose(List<byte[]> commands) {
        return delegate.propose(commands);
    }

    @Override
    public ProposalResult.Rejected readIndex(long requestId) {
        return delegate.readIndex(requestId);
    }

    @Override
    public ProposalResult proposeConfigChange(ConfigChange change) {
        return delegate.proposeConfigChange(change);
    }

    @Override
    public ProposalResult.Rejected transferLeadership(String targetId) {
        return delegate.transferLeadership(targetId);
    }

    @Override
    public ProposalResult.Rejected promoteWhenCaughtUp(String learnerId) {
        return delegate.promoteWhenCaughtUp(learnerId);
    }

    @Override
    public void persisted(long index, long term) {
        delegate.persisted(index, term);
    }

    @Override
    public void skipCommitted(long index) {
        delegate.skipCommitted(index);
    }

    @Override
    public void compacted(SnapshotMeta snapshot) {
        delegate.compacted(snapshot);
    }

    @Override
    public void snapshotFailed(String peerId) {
        delegate.snapshotFailed(peerId);
    }

    @Override
    public Ready ready() {
        return delegate.ready();
    }

    @Override
    public RaftStatus status() {
        return delegate.status();
    }
}
