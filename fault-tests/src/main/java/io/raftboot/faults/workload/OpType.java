package io.raftboot.faults.workload;

/**
 * The operations the workload sends: a register read, a register write, a counter increment, and a
 * hash field's read and write (a field is a register inside its hash).
 */
public enum OpType {
    /** GET: its output is the value read (null when the key is absent). */
    READ("GET"),
    /** SET with a value unique in the history. */
    WRITE("SET"),
    /** INCR: its output is the value after the increment. */
    INCR("INCR"),
    /** HGET: its output is the field's value (null when field or hash is absent). */
    FIELD_READ("HGET"),
    /** HSET of one field with a value unique in the history. */
    FIELD_WRITE("HSET");

    private final String command;

    OpType(String command) {
        this.command = command;
    }

    /** Whether it stores a value unique in the history (a register's or a field's write). */
    public boolean writesValue() {
        return this == WRITE || this == FIELD_WRITE;
    }

    /** The Redis command, as the history records it. */
    public String command() {
        return command;
    }
}
