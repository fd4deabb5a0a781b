package io.raftboot.storage;

import io.raftboot.consensus.CommitHint;
import io.raftboot.consensus.Configuration;
import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.HardState;
import io.raftboot.consensus.SnapshotMeta;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@link MetaStore} in a transactional MapDB file (FileChannel mode), kept twice by {@link MirroredMapDb}
 * so that a kill in the middle of a MapDB commit cannot lose the term or the vote. Every save is a
 * MapDB commit on each copy (each writes and fsyncs its WAL, applies it to the main file and fsyncs
 * that): durable before the method returns, at every durability level. Values are stored under a
 * format-version key so a file written by an incompatible version is refused rather than misread.
 */
public final class MapDbMetaStore implements MetaStore {
    private static final int FORMAT_VERSION = 1;
    private static final String K_FORMAT = "format";
    private static final String K_HARD_STATE = "hardState";
    private static final String K_CLUSTER_ID = "clusterId";
    private static final String K_COMMIT_HINT = "commitHint";
    private static final String K_BOOTSTRAP = "bootstrap";

    private final Path file;
    private final MirroredMapDb<HTreeMap<String, byte[]>> db;
    private final HTreeMap<String, byte[]> map;
    private volatile HardState hardState;

    private MapDbMetaStore(Path file, MirroredMapDb<HTreeMap<String, byte[]>> db) {
        this.file = file;
        this.db = db;
        this.map = db.read();
    }

    public static MapDbMetaStore open(Path file) {
        MirroredMapDb<HTreeMap<String, byte[]>> db;
        try {
            db = MirroredMapDb.open(file,
                    d -> d.hashMap("meta", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen(),
                    (from, to) -> to.putAll(from));
        } catch (StorageException e) {
            throw new StorageException("cannot open metadata store " + file + ": " + e.getMessage(), e);
        }
        try {
            MapDbMetaStore store = new MapDbMetaStore(file, db);
            store.checkFormat();
            store.hardState = store.loadHardState();
            return store;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private void checkFormat() {
        byte[] format = map.get(K_FORMAT);
        if (format == null) {
            put(K_FORMAT, new byte[] {'R', 'B', 'M', 'T', 0, 0, 0, FORMAT_VERSION});
        } else if (format.length != 8 || format[0] != 'R' || format[1] != 'B' || format[2] != 'M' || format[3] != 'T') {
            throw new CorruptLogException("metadata store " + file + " is not a raftboot metadata file");
        } else if (format[7] != FORMAT_VERSION) {
            throw new CorruptLogException("metadata store " + file + " has unsupported format version " + format[7]);
        }
    }

    private HardState loadHardState() {
        byte[] bytes = map.get(K_HARD_STATE);
        if (bytes == null) {
            return new HardState(0, null, commitHint());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            long term = in.readLong();
            String vote = in.readBoolean() ? in.readUTF() : null;
            // what follows is the legacy hint slot: the hint lives under its own key, with its term
            return new HardState(term, vote, commitHint());
        } catch (IOException e) {
            throw new CorruptLogException("metadata store " + file + ": unreadable hard state", e);
        }
    }

    @Override
    public HardState hardState() {
        return hardState;
    }

    @Override
    public synchronized void saveHardState(HardState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(state.term());
            out.writeBoolean(state.votedFor() != null);
            if (state.votedFor() != null) {
                out.writeUTF(state.votedFor());
            }
            out.writeLong(0); // legacy hint slot, kept so the record's layout does not change
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] hardStateBytes = bytes.toByteArray();
        CommitHint stored = commitHint();
        CommitHint hint = stored.max(state.commitHint());
        db.write(m -> {
            m.put(K_HARD_STATE, hardStateBytes);
            if (hint != stored) {
                m.put(K_COMMIT_HINT, hintBytes(hint));
            }
        });
        hardState = new HardState(state.term(), state.votedFor(), hint);
    }

    @Override
    public Optional<String> clusterId() {
        byte[] b = map.get(K_CLUSTER_ID);
        return b == null ? Optional.empty() : Optional.of(new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void saveClusterId(String id) {
        put(K_CLUSTER_ID, id.getBytes(StandardCharsets.UTF_8));
    }

    /** A hint saved before hints carried a term (8 bytes) cannot be checked against the log: none. */
    @Override
    public CommitHint commitHint() {
        byte[] b = map.get(K_COMMIT_HINT);
        if (b == null || b.length != 16) {
            return CommitHint.NONE;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b);
        long index = buffer.getLong();
        long term = buffer.getLong();
        try {
            return new CommitHint(index, term);
        } catch (IllegalArgumentException e) {
            throw new CorruptLogException("metadata store " + file + ": unreadable commit hint", e);
        }
    }

    @Override
    public synchronized void saveCommitHint(CommitHint hint) {
        if (hint.index() <= commitHint().index()) {
            return; // the hint never moves back
        }
        put(K_COMMIT_HINT, hintBytes(hint));
        HardState h = hardState;
        hardState = new HardState(h.term(), h.votedFor(), hint);
    }

    private static byte[] hintBytes(CommitHint hint) {
        return ByteBuffer.allocate(16).putLong(hint.index()).putLong(hint.term()).array();
    }

    @Override
    public Optional<SnapshotMeta> bootstrap() {
        byte[] b = map.get(K_BOOTSTRAP);
        if (b == null) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            long index = in.readLong();
            long term = in.readLong();
            byte[] conf = in.readAllBytes();
            Configuration configuration = ConfigurationCodec.decode(conf);
            return Optional.of(new SnapshotMeta(index, term, configuration));
        } catch (IOException | IllegalArgumentException e) {
            throw new CorruptLogException("metadata store " + file + ": unreadable bootstrap configuration", e);
        }
    }

    @Override
    public synchronized void saveBootstrap(SnapshotMeta initialConfiguration) {
        byte[] conf = ConfigurationCodec.encode(initialConfiguration.configuration());
        byte[] out = new byte[16 + conf.length];
        System.arraycopy(longBytes(initialConfiguration.index()), 0, out, 0, 8);
        System.arraycopy(longBytes(initialConfiguration.term()), 0, out, 8, 8);
        System.arraycopy(conf, 0, out, 16, conf.length);
        put(K_BOOTSTRAP, out);
    }

    private void put(String key, byte[] value) {
        db.write(m -> m.put(key, value));
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    @Override
    public synchronized void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
