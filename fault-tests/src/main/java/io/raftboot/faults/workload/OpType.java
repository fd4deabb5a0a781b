package io.raftboot.faults.workload;

/** The operations the workload sends: a register read, a register write, a counter increment. */
public enum OpType {
    /** GET: its output is the value read (null when the key is absent). */
    READ("GET"),
    /** SET with a value unique in the history. */
    WRITE("SET"),
    /** INCR: its output is the value after the increment. */
    INCR("INCR");

    private final String command;

    OpType(String command) {
        this.command = command;
    }

    /** The Redis command, as the history records it. */
    public String command() {
        return command;
    }
}
