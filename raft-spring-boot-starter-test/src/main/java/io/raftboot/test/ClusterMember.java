package io.raftboot.test;

import io.raftboot.api.Command;
import io.raftboot.api.NodeStatus;
import io.raftboot.api.RaftNode;
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
    private volatile MemberLauncher.Launched launched;

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

    void started(MemberLauncher.Launched member) {
        this.launched = member;
    }

    /** Marks the member stopped; returns what was running, or null. */
    MemberLauncher.Launched stopped() {
        MemberLauncher.Launched was = launched;
        launched = null;
        return was;
    }

    public boolean running() {
        return launched != null;
    }

    private MemberLauncher.Launched current() {
        MemberLauncher.Launched current = launched;
        if (current == null) {
            throw new IllegalStateException(id + " is not running");
        }
        return current;
    }

    /** The running node; fails if the member is killed or removed. */
    public RaftNode node() {
        return current().node();
    }

    /**
     * The state machine this member applies to, a new one after each restart: the plain instance,
     * or under Spring the {@code @RaftStateMachine} bean.
     */
    @SuppressWarnings("unchecked")
    public <T> T stateMachine() {
        return (T) current().stateMachine();
    }

    /** A bean of a Spring member's application context; fails for plain members. */
    public <T> T bean(Class<T> type) {
        Object bean = current().beans().apply(type);
        if (bean == null) {
            throw new IllegalStateException(id + " is a plain member: it has no application context");
        }
        return type.cast(bean);
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
