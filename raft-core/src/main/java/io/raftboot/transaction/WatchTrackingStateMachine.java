package io.raftboot.transaction;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The user's state machine with the {@link WatchTable} travelling in its snapshots: a member that
 * starts from a snapshot must judge a watched {@code EXEC} exactly as the members that applied the
 * whole log did, or their states would diverge. Once the cluster logged a transaction, the snapshot's
 * data begins with a marker and the table, then the user's own bytes; before that (and from an earlier
 * build) it holds the user's bytes alone and restores as it is.
 */
public final class WatchTrackingStateMachine implements StateMachine {
    /** "RBWT" then a format version: a user's own snapshot bytes are read after them. */
    static final int MARKER = 0x5242_5754;
    static final int VERSION = 1;

    private final StateMachine user;
    private final WatchTable table;

    public WatchTrackingStateMachine(StateMachine user, WatchTable table) {
        this.user = user;
        this.table = table;
    }

    @Override
    public List<CommandSpec> commands() {
        return user.commands();
    }

    @Override
    public SnapshotWriter snapshot() {
        SnapshotWriter userWriter = user.snapshot();
        if (!table.tracking()) {
            return userWriter; // no transaction logged yet: the bytes an earlier build writes and reads
        }
        WatchTable captured = table.copy();
        return out -> {
            DataOutputStream data = new DataOutputStream(new NonClosing(out));
            data.writeInt(MARKER);
            data.writeInt(VERSION);
            captured.writeTo(data);
            data.flush();
            userWriter.writeTo(out);
        };
    }

    @Override
    public void restore(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(8);
        DataInputStream data = new DataInputStream(buffered);
        int marker = readIntOrEnd(buffered);
        if (marker == MARKER) {
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException("unsupported watch table version " + version + " in snapshot");
            }
            table.readFrom(data);
        } else {
            buffered.reset();
            table.restoredWithoutTable();
        }
        user.restore(buffered);
    }

    /** The next four bytes as an int, or -1 when the stream ends first (an empty snapshot). */
    private static int readIntOrEnd(InputStream in) throws IOException {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            value = value << 8 | b;
        }
        return value;
    }

    /** The user's writer owns the stream's end; the table's header must not close it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
