package io.raftboot.command;

import java.util.concurrent.atomic.AtomicLong;

/** One client connection's state as commands see it. Touched on the connection's event loop only. */
public final class ClientSession {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final String remoteAddress;
    private String name;
    private boolean authenticated;
    private volatile long minReadIndex;
    private String libName;
    private String libVersion;

    public ClientSession(String remoteAddress, boolean authenticated) {
        this.remoteAddress = remoteAddress;
        this.authenticated = authenticated;
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
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Reads on this connection wait until the local applied index reaches this (after a forwarded write). */
    public long minReadIndex() {
        return minReadIndex;
    }

    /** May be called from the proxy link's thread. */
    public synchronized void observedWrite(long index) {
        minReadIndex = Math.max(minReadIndex, index);
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
