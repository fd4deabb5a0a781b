package io.raftboot.faults.workload;

import java.util.List;

/** Where clients can reach the members: the cluster harness knows (members may come and go). */
public interface Addresses {
    /** Client addresses ({@code host:port}) of the members currently running. */
    List<String> members();

    /**
     * The address a client should dial for an address a member advertised (in {@code -TRY} or
     * {@code RAFTLEADER}); the harness may map a member's peer-proxy address to its real port.
     */
    default String resolve(String advertised) {
        return advertised;
    }
}
