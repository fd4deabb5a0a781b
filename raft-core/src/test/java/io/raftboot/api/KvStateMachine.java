package io.raftboot.api;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-Java example: a small replicated key-value store in a few lines (SET, GET, DEL, INCR,
 * SETNUM with a validator, DBSIZE), with snapshot and restore, reporting its key count for INFO
 * keyspace. Used by the cluster tests.
 */
public final class KvStateMachine implements StateMachine, KeyspaceReporter {
    private Map<String, byte[]> data = new HashMap<>();
    /** Published by the apply thread for readers on other threads. */
    private volatile int keys;

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                CommandSpec.write("SET", 3, (cmd, ctx) -> {
                    data.put(cmd.string(1), cmd.arg(2));
                    keys = data.size();
                    return Status.OK;
                }),
                CommandSpec.read("GET", 2, cmd -> data.get(cmd.string(1))),
                CommandSpec.builder("DEL", -2, CommandKind.WRITE).keys(1, -1, 1)
                        .handler((cmd, ctx, applier) -> applier.write(() -> {
                            long removed = 0;
                            for (int i = 1; i < cmd.size(); i++) {
                                removed += data.remove(cmd.string(i)) != null ? 1 : 0;
                            }
                            keys = data.size();
                            return removed;
                        }, removed -> removed)).build(),
                CommandSpec.builder("INCR", 2, CommandKind.WRITE).handler((cmd, ctx, applier) -> applier.write(() -> {
                    byte[] old = data.get(cmd.string(1));
                    long value = old == null ? 0 : Command.of("x", new String(old, StandardCharsets.UTF_8)).longArg(1);
                    data.put(cmd.string(1), Long.toString(value + 1).getBytes(StandardCharsets.UTF_8));
                    keys = data.size();
                    return value + 1;
                }, value -> value)).build(),
                CommandSpec.builder("SETNUM", 3, CommandKind.WRITE)
                        .validator(cmd -> cmd.longArg(2))
                        .handler((cmd, ctx, applier) -> applier.write(() -> {
                            data.put(cmd.string(1), cmd.arg(2));
                            keys = data.size();
                            return Status.OK;
                        }, ok -> ok)).build(),
                CommandSpec.builder("DBSIZE", 1, CommandKind.READ).noKeys()
                        .handler((cmd, ctx, applier) -> applier.read(data::size, size -> size)).build());
    }

    @Override
    public SnapshotWriter snapshot() {
        Map<String, byte[]> view = new HashMap<>(data);
        return out -> {
            DataOutputStream stream = new DataOutputStream(out);
            stream.writeInt(view.size());
            for (Map.Entry<String, byte[]> e : view.entrySet()) {
                stream.writeUTF(e.getKey());
                stream.writeInt(e.getValue().length);
                stream.write(e.getValue());
            }
            stream.flush();
        };
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream stream = new DataInputStream(in);
        Map<String, byte[]> restored = new HashMap<>();
        int size = stream.readInt();
        for (int i = 0; i < size; i++) {
            String key = stream.readUTF();
            byte[] value = new byte[stream.readInt()];
            stream.readFully(value);
            restored.put(key, value);
        }
        data = restored;
        keys = data.size();
    }

    @Override
    public KeyspaceStats keyspaceStats() {
        return new KeyspaceStats(keys, 0, 0);
    }

    /** Direct view for tests (apply-thread state; read it only once the node is quiet). */
    public int size() {
        return data.size();
    }

    /**
     * This store serving a changed command list (extra commands, wrapped handlers) while snapshots
     * and restores stay this store's.
     */
    public StateMachine withCommands(java.util.function.UnaryOperator<List<CommandSpec>> change) {
        KvStateMachine kv = this;
        return new StateMachine() {
            @Override
            public List<CommandSpec> commands() {
                return change.apply(kv.commands());
            }

            @Override
            public SnapshotWriter snapshot() {
                return kv.snapshot();
            }

            @Override
            public void restore(InputStream in) throws IOException {
                kv.restore(in);
            }
        };
    }
}
