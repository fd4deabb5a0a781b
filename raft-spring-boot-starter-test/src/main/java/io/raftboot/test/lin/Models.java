package io.raftboot.test.lin;

import java.util.Set;

/** The models the kit ships; write a {@link Model} of your own for other commands. */
public final class Models {
    private Models() {
    }

    /** GET and SET of values unique in the history; keys start absent. */
    public static Model register() {
        return new KeyspaceModel("register", Set.of("GET", "SET"));
    }

    /** GET, INCR, INCRBY, DECR, DECRBY on an integer; absent counts as 0, replies are the new value. */
    public static Model counter() {
        return new KeyspaceModel("counter", Set.of("GET", "INCR", "INCRBY", "DECR", "DECRBY"));
    }

    /**
     * The sample app's string commands: GET, SET, DEL and the increments, on one key; and a hash's
     * field as a register: HSET and HGET, recorded under a history key that names key and field.
     */
    public static Model keyspace() {
        return new KeyspaceModel("keyspace", Set.of("GET", "SET", "DEL", "INCR", "INCRBY", "DECR", "DECRBY",
                "HGET", "HSET"));
    }
}
