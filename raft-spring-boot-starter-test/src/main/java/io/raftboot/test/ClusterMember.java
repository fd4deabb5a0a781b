package io.raftboot.test;

import io.raftboot.api.Command;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;
import io.raftboot.api.StateMachine;
import io.raftboot.test.net.LinkProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.Jedis;

/**
 * One member of a {@link RaftCluster}: a stable id, data directory and address (the proxy its peers
 * and clients dial), and, while it runs, its node and the state machine instance it applies to.
 */
public final class ClusterMember {
    private final String id;
    private final Path dataDir;
    final LinkProxy proxy;
    volatile RaftNode node;
    volatile StateMachine stateMachine;

    ClusterMember(String id, Path dataDir, LinkProxy proxy) {
        this.id = id;
        this.dataDir = dataDir;
        this.proxy = proxy;
    }

    public String id() {
        return id;
    }

    /** {@code 127.0.0.1:port} of the proxy in front of the member: what peers and redirects name. */
    public String address() {
        return proxy.address();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean running() {
        return node != null;
    }

    /** The running node; fails if the member is killed or removed. */
    public RaftNode node() {
        RaftNode current = node;
        if (current == null) {
            throw new IllegalStateException(id + " is not running");
        }
        return current;
    }

    /** The state machine instance this member applies to (a new one after each restart). */
    @SuppressWarnings("unchecked")
    public <T extends StateMachine> T stateMachine() {
        return (T) stateMachine;
    }

    public NodeStatus status() {
        return node().status();
    }

    /**
     * Runs a command on this member as a client connected to it would, and waits for the reply (see
     * {@link RaftNode#execute}): {@code null}, {@code Long}, {@code byte[]}, {@code String} or a list.
     * An error reply, a redirect included, is thrown as {@link io.raftboot.api.CommandException}.
     */
    public Object execute(String... args) {
        return await(node().execute(Command.of(args)), RaftCluster.REQUEST_BOUND);
    }

    /** A Redis connection to this member through its proxy (so that {@link RaftCluster#pause} holds it too). */
    public Jedis jedis() {
        int port = Integer.parseInt(address().substring(address().lastIndexOf(':') + 1));
        return new Jedis("127.0.0.1", port, (int) RaftCluster.REQUEST_BOUND.toMillis());
    }

    static <T> T await(java.util.concurrent.Future<T> future, Duration bound) {
        try {
            return future.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no reply within " + bound, e);
        }
    }

    @Override
    public String toString() {
        return id + "@" + address() + (running() ? "" : " (down)");
    }
}
