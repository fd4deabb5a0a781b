package io.raftboot.command;

import io.raftboot.api.UserRole;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** One client connection's state as commands see it. Touched on the connection's event loop only. */
public final class ClientSession {
    private static final AtomicLong IDS = new AtomicLong();
    /** Without an event loop (a session of {@code RaftNode.execute}, tests): the JDK's shared delayer. */
    private static final Timer JDK_TIMER = (task, delayMillis) ->
            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS).execute(task);

    /** Runs a task later without blocking; on a connection, its event loop's schedule. */
    @FunctionalInterface
    public interface Timer {
        void schedule(Runnable task, long delayMillis);
    }

    private final long id = IDS.incrementAndGet();
    private final String remoteAddress;
    private String name;
    private String user;
    private UserRole role;
    private final Timer timer;
    private int failedSignIns;
    private CompletableFuture<?> lastSignIn = CompletableFuture.completedFuture(null);
    private volatile long minReadIndex;
    private String libName;
    private String libVersion;
    private TransactionState transaction;
    private volatile boolean closed;
    /** For WAIT: at least the log index of this connection's last acknowledged write. */
    private volatile long lastWriteIndex;

    public ClientSession(String remoteAddress, boolean authenticated) {
        this(remoteAddress, authenticated, JDK_TIMER);
    }

    /**
     * @param authenticated true when no password is required: the session is then the
     *                      {@code default} user with role admin, as in Redis without {@code requirepass}
     * @param timer         delays the answers to failed {@code AUTH} attempts
     */
    public ClientSession(String remoteAddress, boolean authenticated, Timer timer) {
        this.remoteAddress = remoteAddress;
        this.timer = timer;
        if (authenticated) {
            signedIn(Users.DEFAULT, UserRole.ADMIN);
        }
    }

    public long id() {
        return id;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    public boolean authenticated() {
        return role != null;
    }

    /** The user this connection runs as, null before {@code AUTH}. */
    public String user() {
        return user;
    }

    /** The signed-in user's role, null before {@code AUTH}. */
    public UserRole role() {
        return role;
    }

    void signedIn(String user, UserRole role) {
        this.user = user;
        this.role = role;
    }

    Timer timer() {
        return timer;
    }

    /** Counts a failed {@code AUTH} and returns how many failed on this connection. */
    int failedSignIn() {
        return ++failedSignIns;
    }

    /** Completes once the previous {@code AUTH} attempt on this connection was answered. */
    CompletableFuture<?> lastSignIn() {
        return lastSignIn;
    }

    void lastSignIn(CompletableFuture<?> attempt) {
        lastSignIn = attempt;
    }

    /** Reads on this connection wait until the local applied index reaches this (after a forwarded write). */
    public long minReadIndex() {
        return minReadIndex;
    }

    /** May be called from the proxy link's thread. */
    public synchronized void observedWrite(long index) {
        minReadIndex = Math.max(minReadIndex, index);
        wrote(index);
    }

    /** Later reads on this connection wait until the local applied index reaches {@code index} (WATCH). */
    public synchronized void readAtLeast(long index) {
        minReadIndex = Math.max(minReadIndex, index);
    }

    /**
     * A write of this connection was acknowledged at or below {@code index}. Called by whichever thread
     * completed it (apply thread, proxy link).
     */
    public synchronized void wrote(long index) {
        if (index > lastWriteIndex) {
            lastWriteIndex = index;
        }
    }

    public long lastWriteIndex() {
        return lastWriteIndex;
    }

    /** Set when the connection closed: work that waits for it (WAIT) stops. */
    public boolean closed() {
        return closed;
    }

    public void close() {
        closed = true;
    }

    /** MULTI and WATCH state, created on first use. */
    public TransactionState transaction() {
        if (transaction == null) {
            transaction = new TransactionState();
        }
        return transaction;
    }

    /** Whether a MULTI block is open, without creating any state. */
    public boolean inMulti() {
        return transaction != null && transaction.inMulti();
    }

    public void libInfo(String attribute, String value) {
        if (attribute.equalsIgnoreCase("lib-name")) {
            libName = value;
        } else if (attribute.equalsIgnoreCase("lib-ver")) {
            libVersion = value;
        }
    }

    public String libName() {
        return libName;
    }

    public String libVersion() {
        return libVersion;
    }
}
