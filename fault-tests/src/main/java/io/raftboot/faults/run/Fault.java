package io.raftboot.faults.run;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The kinds of fault the nemesis can apply; the names are the ones {@code --faults} accepts. */
public enum Fault {
    /** kill -9 of a random member or of the leader, restart from the same data dir. */
    KILL,
    /** SIGSTOP then SIGCONT of a random member or of the leader. */
    PAUSE,
    /** Leader isolated, a minority/majority split, or a one-way cut, then healed. */
    PARTITION,
    /** RAFTREMOVEPEER of a follower, wipe, rejoin with a new id (RAFTADDPEER through raft.join). */
    MEMBERSHIP,
    /** RAFTTRANSFER on the leader. */
    TRANSFER;

    /** Parses a comma-separated list such as {@code kill,pause,partition}. */
    public static Set<Fault> parse(String list) {
        Set<Fault> faults = EnumSet.noneOf(Fault.class);
        for (String name : list.split(",")) {
            String n = name.trim();
            if (n.isEmpty()) {
                continue;
            }
            try {
                faults.add(valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown fault '" + n + "': use kill, pause, partition, membership, transfer");
            }
        }
        return faults;
    }
}
