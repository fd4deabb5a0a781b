package io.raftboot.sample.keyspace;

/**
 * A hash, list or set stored under one key. Unlike strings, collections are changed in place (copying a
 * large hash for every HSET would make writes O(n)); what keeps a snapshot's view fixed is the same
 * generation rule {@link KeyTable} applies to its segments: a collection remembers the table generation
 * it was last made writable in, and {@link Keyspace#writable} copies it once when a capture taken since
 * may still be reading it.
 *
 * <p>An empty collection is never stored: a write that empties one deletes the key, as in Redis.
 */
public abstract class CollectionValue {

    /** The {@link KeyTable} generation whose writes may change this instance in place. */
    int generation;

    /** Number of elements (fields, items or members). */
    public abstract int size();

    /** What TYPE answers for it. */
    public abstract SimpleReply type();

    /** An independent copy with the same contents and order, for a write after a capture. */
    abstract CollectionValue copy();
}
