package io.raftboot.spring.boot.autoconfigure;

import java.util.List;

import io.raftboot.api.RaftMetrics;

/** Forwards the node's metric callbacks to every {@link RaftMetrics} bean. */
final class CompositeRaftMetrics implements RaftMetrics {

    private final RaftMetrics[] delegates;

    private CompositeRaftMetrics(List<RaftMetrics> delegates) {
        this.delegates = delegates.toArray(new RaftMetrics[0]);
    }

    static RaftMetrics of(List<RaftMetrics> delegates) {
        if (delegates.isEmpty()) {
            return RaftMetrics.NONE;
        }
        return delegates.size() == 1 ? delegates.get(0) : new CompositeRaftMetrics(delegates);
    }

    @Override
    public void leaderChanged() {
        for (RaftMetrics delegate : delegates) {
            delegate.leaderChanged();
        }
    }

    @Override
    public void electionStarted() {
        for (RaftMetrics delegate : delegates) {
            delegate.electionStarted();
        }
    }

    @Override
    public void proposal(String result) {
        for (RaftMetrics delegate : delegates) {
            delegate.proposal(result);
        }
    }

    @Override
    public void proposals(String result, int count) {
        for (RaftMetrics delegate : delegates) {
            delegate.proposals(result, count);
        }
    }

    @Override
    public void commitLatency(long nanos) {
        for (RaftMetrics delegate : delegates) {
            delegate.commitLatency(nanos);
        }
    }

    @Override
    public void applyLatency(long nanos) {
        for (RaftMetrics delegate : delegates) {
            delegate.applyLatency(nanos);
        }
    }

    @Override
    public void fsyncLatency(long nanos) {
        for (RaftMetrics delegate : delegates) {
            delegate.fsyncLatency(nanos);
        }
    }

    @Override
    public void appendLatency(long nanos) {
        for (RaftMetrics delegate : delegates) {
            delegate.appendLatency(nanos);
        }
    }

    @Override
    public void writeStages(long queueNanos, long fsyncNanos, long replicationNanos, long applyNanos,
                            long replyNanos) {
        for (RaftMetrics delegate : delegates) {
            delegate.writeStages(queueNanos, fsyncNanos, replicationNanos, applyNanos, replyNanos);
        }
    }

    @Override
    public void snapshotTaken() {
        for (RaftMetrics delegate : delegates) {
            delegate.snapshotTaken();
        }
    }

    @Override
    public void connections(int open) {
        for (RaftMetrics delegate : delegates) {
            delegate.connections(open);
        }
    }

    @Override
    public void command(String command, String result) {
        for (RaftMetrics delegate : delegates) {
            delegate.command(command, result);
        }
    }
}
