package io.raftboot.transport;

import io.raftboot.consensus.ConfigurationCodec;
import io.raftboot.consensus.Entry;
import io.raftboot.consensus.EntryType;
import io.raftboot.consensus.Message;
import io.raftboot.consensus.SnapshotMeta;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

import static io.raftboot.transport.WireWriter.writeBytes;
import static io.raftboot.transport.WireWriter.writeString;
import static io.raftboot.transport.WireWriter.writeVarLong;

/**
 * The binary encoding of consensus {@link Message}s between peers. A payload is a batch: format
 * version byte, message count (varint), then each message: type tag byte, from, to (varint length +
 * UTF-8), term, and the type's fields. Integers are unsigned LEB128 varints (small numbers take one
 * byte); booleans are one byte; entries are index, term, type code, payload (varint length + bytes);
 * a snapshot's configuration is {@link ConfigurationCodec}'s bytes. Type tags are never reused; a
 * new field or message type means a new format version, negotiated by the handshake.
 */
public final class MessageCodec {
    /** The format this codec writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final int VOTE_REQUEST = 1;
    private static final int VOTE_RESPONSE = 2;
    private static final int APPEND_REQUEST = 3;
    private static final int APPEND_RESPONSE = 4;
    private static final int HEARTBEAT = 5;
    private static final int HEARTBEAT_RESPONSE = 6;
    private static final int INSTALL_SNAPSHOT = 7;
    private static final int INSTALL_SNAPSHOT_RESPONSE = 8;
    private static final int TIMEOUT_NOW = 9;

    /** The smallest possible encoded message (tag, two empty ids, term), bounding declared counts. */
    private static final int MIN_MESSAGE_BYTES = 4;
    /** The smallest possible encoded entry (index, term, type, empty payload). */
    private static final int MIN_ENTRY_BYTES = 4;

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        return encodeBatch(List.of(message));
    }

    public static byte[] encodeBatch(List<? extends Message> messages) {
        ByteBuf out = Unpooled.buffer(estimatedSize(messages));
        try {
            writeBatch(out, messages);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Appends the encoded batch (the bytes {@link #encodeBatch} returns) to {@code out}. */
    static void writeBatch(ByteBuf out, List<? extends Message> messages) {
        out.writeByte(FORMAT_VERSION);
        writeVarLong(out, messages.size());
        for (Message message : messages) {
            write(out, message);
        }
    }

    /** Bytes a batch is expected to take encoded: at least its real size in the common cases. */
    static int estimatedSize(List<? extends Message> messages) {
        int estimate = 8;
        for (Message message : messages) {
            estimate += estimatedSize(message);
        }
        return estimate;
    }

    /** Decodes a payload holding exactly one message. */
    public static Message decode(byte[] data) {
        List<Message> messages = decodeBatch(data);
        if (messages.size() != 1) {
            throw new IllegalArgumentException("expected one message, got " + messages.size());
        }
        return messages.get(0);
    }

    /** @throws IllegalArgumentException on any malformed, truncated or over-long input */
    public static List<Message> decodeBatch(byte[] data) {
        WireReader in = new WireReader(data);
        try {
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unsupported message format version " + version);
            }
            int count = in.readLength(in.remaining() / MIN_MESSAGE_BYTES, "message count");
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(read(in));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after the messages");
            }
            return messages;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed message: " + e, e);
        }
    }

    /** Bytes a message is expected to take encoded; exact enough for batching budgets. */
    public static int estimatedSize(Message message) {
        int size = 40 + message.from().length() + message.to().length();
        if (message instanceof Message.AppendRequest a) {
            for (Entry entry : a.entries()) {
                size += 24 + entry.data().length;
            }
        } else if (message instanceof Message.InstallSnapshot s) {
            size += 24 * s.snapshot().configuration().members().size() + 64;
        }
        return size;
    }

    private static void write(ByteBuf out, Message message) {
        if (message instanceof Message.VoteRequest m) {
            header(out, VOTE_REQUEST, m);
            writeVarLong(out, m.lastLogIndex());
            writeVarLong(out, m.lastLogTerm());
            out.writeByte(m.preVote() ? 1 : 0);
            out.writeByte(m.transfer() ? 1 : 0);
        } else if (message instanceof Message.VoteResponse m) {
            header(out, VOTE_RESPONSE, m);
            out.writeByte(m.granted() ? 1 : 0);
            out.writeByte(m.preVote() ? 1 : 0);
        } else if (message instanceof Message.AppendRequest m) {
            header(out, APPEND_REQUEST, m);
            writeVarLong(out, m.prevLogIndex());
            writeVarLong(out, m.prevLogTerm());
            writeVarLong(out, m.leaderCommit());
            writeVarLong(out, m.entries().size());
            for (Entry entry : m.entries()) {
                writeVarLong(out, entry.index());
                writeVarLong(out, entry.term());
                out.writeByte(entry.type().code());
                writeBytes(out, entry.data());
            }
        } else if (message instanceof Message.AppendResponse m) {
            header(out, APPEND_RESPONSE, m);
            out.writeByte(m.success() ? 1 : 0);
            writeVarLong(out, m.index());
            writeVarLong(out, m.conflictTerm());
            writeVarLong(out, m.conflictIndex());
        } else if (message instanceof Message.Heartbeat m) {
            header(out, HEARTBEAT, m);
            writeVarLong(out, m.commit());
            writeVarLong(out, m.round());
        } else if (message instanceof Message.HeartbeatResponse m) {
            header(out, HEARTBEAT_RESPONSE, m);
            writeVarLong(out, m.round());
        } else if (message instanceof Message.InstallSnapshot m) {
            header(out, INSTALL_SNAPSHOT, m);
            writeVarLong(out, m.snapshot().index());
            writeVarLong(out, m.snapshot().term());
            writeBytes(out, ConfigurationCodec.encode(m.snapshot().configuration()));
        } else if (message instanceof Message.InstallSnapshotResponse m) {
            header(out, INSTALL_SNAPSHOT_RESPONSE, m);
            writeVarLong(out, m.index());
            out.writeByte(m.success() ? 1 : 0);
        } else if (message instanceof Message.TimeoutNow m) {
            header(out, TIMEOUT_NOW, m);
        } else {
            throw new IllegalArgumentException("no encoding for " + message.getClass().getName());
        }
    }

    private static void header(ByteBuf out, int tag, Message message) {
        out.writeByte(tag);
        writeString(out, message.from());
        writeString(out, message.to());
        writeVarLong(out, message.term());
    }

    private static Message read(WireReader in) {
        int tag = in.readByte();
        String from = in.readString();
        String to = in.readString();
        long term = in.readVarLong();
        return switch (tag) {
            case VOTE_REQUEST -> new Message.VoteRequest(from, to, term, in.readVarLong(), in.readVarLong(),
                    in.readBoolean(), in.readBoolean());
            case VOTE_RESPONSE -> new Message.VoteResponse(from, to, term, in.readBoolean(), in.readBoolean());
            case APPEND_REQUEST -> readAppend(in, from, to, term);
            case APPEND_RESPONSE -> new Message.AppendResponse(from, to, term, in.readBoolean(), in.readVarLong(),
                    in.readVarLong(), in.readVarLong());
            case HEARTBEAT -> new Message.Heartbeat(from, to, term, in.readVarLong(), in.readVarLong());
            case HEARTBEAT_RESPONSE -> new Message.HeartbeatResponse(from, to, term, in.readVarLong());
            case INSTALL_SNAPSHOT -> new Message.InstallSnapshot(from, to, term,
                    new SnapshotMeta(in.readVarLong(), in.readVarLong(), ConfigurationCodec.decode(in.readBytes())));
            case INSTALL_SNAPSHOT_RESPONSE -> new Message.InstallSnapshotResponse(from, to, term, in.readVarLong(),
                    in.readBoolean());
            case TIMEOUT_NOW -> new Message.TimeoutNow(from, to, term);
            default -> throw new IllegalArgumentException("unknown message type tag " + tag);
        };
    }

    private static Message.AppendRequest readAppend(WireReader in, String from, String to, long term) {
        long prevLogIndex = in.readVarLong();
        long prevLogTerm = in.readVarLong();
        long leaderCommit = in.readVarLong();
        int count = in.readLength(in.remaining() / MIN_ENTRY_BYTES, "entry count");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long index = in.readVarLong();
            long entryTerm = in.readVarLong();
            EntryType type = EntryType.ofCode((byte) in.readByte());
            entries.add(new Entry(index, entryTerm, type, in.readBytes()));
        }
        return new Message.AppendRequest(from, to, term, prevLogIndex, prevLogTerm, entries, leaderCommit);
    }
}
