package io.raftboot.test.examples;

import io.raftboot.api.SnapshotWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The snapshot format of the example counters (plain and Spring): entries in key order. */
public final class CountsFormat {
    private CountsFormat() {
    }

    /** A writer of a copy taken now, so later writes do not show in the snapshot. */
    public static SnapshotWriter writer(Map<String, Long> counts) {
        return writerInIterationOrder(new TreeMap<>(counts));
    }

    /**
     * The same in {@code counts}' own iteration order: a deliberate bug for tests when that order
     * is a hash map's (it depends on the order the keys went in).
     */
    public static SnapshotWriter writerInIterationOrder(Map<String, Long> counts) {
        Map<String, Long> view = new LinkedHashMap<>(counts);
        return out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(view.size());
            for (Map.Entry<String, Long> entry : view.entrySet()) {
                data.writeUTF(entry.getKey());
                data.writeLong(entry.getValue());
            }
            data.flush();
        };
    }

    public static Map<String, Long> read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        Map<String, Long> restored = new TreeMap<>();
        for (int i = data.readInt(); i > 0; i--) {
            restored.put(data.readUTF(), data.readLong());
        }
        return restored;
    }
}
