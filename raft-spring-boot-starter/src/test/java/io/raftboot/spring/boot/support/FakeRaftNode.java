package io.raftboot.spring.boot.support;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.raftboot.api.Command;
import io.raftboot.api.Consistency;
import io.raftboot.api.Durability;
import io.raftboot.api.LoadingStatus;
import io.raftboot.api.MemberStatus;
import io.raftboot.api.NodeRole;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftListener;
import io.raftboot.api.RaftNode;

/** A RaftNode whose status a test sets, for the parts of the starter that only read a node. */
public class FakeRaftNode implements RaftNode {

    private volatile NodeStatus status;
    private volatile LoadingStatus loading = LoadingStatus.READY;
    private volatile CompletableFuture<Void> snapshotResult = CompletableFuture.completedFuture(null);
    private volatile CompletableFuture<Void> transferResult = CompletableFuture.completedFuture(null);
    private volatile String lastTransferTarget;
    private final AtomicInteger snapshots = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final List<RaftListener> listeners = new CopyOnWriteArrayList<>();

    public FakeRaftNode() {
        this(leaderStatus("n1"));
    }

    public FakeRaftNode(NodeStatus status) {
        this.status = status;
    }

    /** A three-member cluster led by {@code id}, everyone heard 10ms ago. */
    public static NodeStatus leaderStatus(String id) {
        return new NodeStatus(id, "cluster-1", NodeRole.LEADER, 3, id, "127.0.0.1:7001", 42, 41, 43, 3, 10, 2,
                Durability.HIGH, Consistency.HIGH, List.of(
                        new MemberStatus(id, "127.0.0.1:7001", true, 43, 0, "Leader"),
                        new MemberStatus("n2", "127.0.0.1:7002", true, 40, 10, "Follower"),
                        new MemberStatus("n3", "127.0.0.1:7003", false, 30, 10, "Learner")));
    }

    public void setStatus(NodeStatus status) {
        this.status = status;
    }

    public void setLoading(LoadingStatus loading) {
        this.loading = loading;
    }

    @Override
    public LoadingStatus loadingStatus() {
        return loading;
    }

    public void setSnapshotResult(CompletableFuture<Void> result) {
        this.snapshotResult = result;
    }

    public void setTransferResult(CompletableFuture<Void> result) {
        this.transferResult = result;
    }

    public int snapshotsTaken() {
        return snapshots.get();
    }

    public int closes() {
        return closes.get();
    }

    public String lastTransferTarget() {
        return lastTransferTarget;
    }

    public List<RaftListener> listeners() {
        return listeners;
    }

    @Override
    public String id() {
        return status.id();
    }

    @Override
    public int port() {
        return 7001;
    }

    @Override
    public String advertisedAddress() {
        return "127.0.0.1:7001";
    }

    @Override
    public NodeStatus status() {
        return status;
    }

    @Override
    public CompletableFuture<Object> execute(Command command) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("a fake node runs no commands"));
    }

    @Override
    public CompletableFuture<Void> snapshot() {
        snapshots.incrementAndGet();
        return snapshotResult;
    }

    @Override
    public CompletableFuture<Void> transferLeadership(String targetId) {
        lastTransferTarget = targetId;
        return transferResult;
    }

    @Override
    public void addListener(RaftListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(RaftListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
