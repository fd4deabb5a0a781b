package io.raftboot.faults.lin;

/** The operations the checker's model knows: a register read, a register write, a counter increment. */
public enum OpType {
    /** GET: no effect; its output is the value read (null when the key is absent). */
    READ,
    /** SET with a value unique in the history: its input is the value. */
    WRITE,
    /** INCR: adds one; its output is the value after the increment. */
    INCR
}
