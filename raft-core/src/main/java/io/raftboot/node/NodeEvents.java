package io.raftboot.node;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftListener;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers role and leader changes to listeners, in order, on a thread of its own. */
final class NodeEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeEvents.class);
    private final CopyOnWriteArrayList<RaftListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;

    NodeEvents(String nodeId) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raft-events-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    void add(RaftListener listener) {
        listeners.add(listener);
    }

    void remove(RaftListener listener) {
        listeners.remove(listener);
    }

    void roleChanged(NodeRole previous, NodeRole current, long term) {
        fire(l -> l.roleChanged(previous, current, term));
    }

    void leaderChanged(String leaderId, String leaderAddress, long term) {
        fire(l -> l.leaderChanged(leaderId, leaderAddress, term));
    }

    void stoppedByFatalError(Throwable cause) {
        fire(l -> l.stoppedByFatalError(cause));
    }

    private void fire(java.util.function.Consumer<RaftListener> call) {
        try {
            executor.execute(() -> {
                for (RaftListener listener : listeners) {
                    try {
                        call.accept(listener);
                    } catch (RuntimeException e) {
                        log.warn("raft listener {} failed: {}", listener, e.toString(), e);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // closing: nobody listens any more
        }
    }

    @Override
    public void close() {
        executor.shutdown();
    }
}
