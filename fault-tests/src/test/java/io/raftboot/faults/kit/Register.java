package io.raftboot.faults.kit;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import io.raftboot.api.Status;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** String registers: SET key value (logged) and GET key, as the sample app serves them. */
final class Register implements StateMachine {
    private Map<String, String> values = new TreeMap<>();

    @Override
    public List<CommandSpec> commands() {
        return List.of(
                CommandSpec.write("SET", 3, (command, context) -> {
                    values.put(command.string(1), command.string(2));
                    return Status.OK;
                }),
                CommandSpec.read("GET", 2, command -> values.get(command.string(1))));
    }

    @Override
    public SnapshotWriter snapshot() {
        Map<String, String> view = new TreeMap<>(values);
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(view.size());
            for (Map.Entry<String, String> entry : view.entrySet()) {
                data.writeUTF(entry.getKey());
                data.writeUTF(entry.getValue());
            }
            data.flush();
        };
    }

    @Override
    public void restore(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Map<String, String> restored = new TreeMap<>();
        for (int i = data.readInt(); i > 0; i--) {
            restored.put(data.readUTF(), data.readUTF());
        }
        values = restored;
    }
}
