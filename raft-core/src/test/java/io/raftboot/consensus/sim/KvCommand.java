package io.raftboot.consensus.sim;

import java.nio.charset.StandardCharsets;

/**
 * A client command as it travels through the log: which client operation it is (so the node can
 * answer the right client), what it does, on which key. Encoded as text so traces stay readable.
 */
record KvCommand(long opId, OpKind kind, String key, long value) {

    byte[] encode() {
        return (opId + " " + kind.name() + " " + key + " " + value).getBytes(StandardCharsets.UTF_8);
    }

    static KvCommand decode(byte[] data) {
        String[] parts = new String(data, StandardCharsets.UTF_8).split(" ");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a simulator command: " + new String(data, StandardCharsets.UTF_8));
        }
        return new KvCommand(Long.parseLong(parts[0]), OpKind.valueOf(parts[1]), parts[2], Long.parseLong(parts[3]));
    }
}
