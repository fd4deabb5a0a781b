package io.raftboot.test.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches the first bytes a connection sends to a member and tells who is calling: a peer opens
 * with {@code RAFT.CHALLENGE nonce} then {@code RAFT.HELLO min max cluster-id node-id proof}
 * (PeerProtocol), so its node id is the HELLO's fourth argument; anything else is a client.
 * Only the handshake is parsed (RESP multibulk of bulk strings); the bytes are forwarded untouched
 * by the proxy meanwhile.
 */
final class HandshakeSniffer {
    /** A peer handshake is a few hundred bytes; past this, stop looking. */
    private static final int LIMIT = 64 * 1024;

    enum State { LOOKING, PEER, CLIENT }

    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private State state = State.LOOKING;
    private String peerId;

    State state() {
        return state;
    }

    /** The calling member's node id, once {@link State#PEER}. */
    String peerId() {
        return peerId;
    }

    State feed(byte[] buffer, int offset, int length) {
        if (state != State.LOOKING) {
            return state;
        }
        seen.write(buffer, offset, length);
        byte[] bytes = seen.toByteArray();
        int position = 0;
        while (state == State.LOOKING) {
            Parsed command = parseCommand(bytes, position);
            if (command == null) {
                if (bytes.length > LIMIT) {
                    state = State.CLIENT;
                }
                break;
            }
            position = command.end;
            String name = command.args.isEmpty() ? "" : new String(command.args.get(0), StandardCharsets.UTF_8);
            if (name.equalsIgnoreCase("RAFT.CHALLENGE")) {
                continue;
            }
            if (name.equalsIgnoreCase("RAFT.HELLO") && command.args.size() >= 5) {
                peerId = new String(command.args.get(4), StandardCharsets.UTF_8);
                state = State.PEER;
            } else {
                state = State.CLIENT;
            }
        }
        return state;
    }

    private record Parsed(List<byte[]> args, int end) {
    }

    /** One multibulk command from {@code start}, or null if incomplete; a non-multibulk start is a client. */
    private Parsed parseCommand(byte[] b, int start) {
        if (start >= b.length) {
            return null;
        }
        if (b[start] != '*') {
            return new Parsed(List.of(), start + 1);
        }
        int[] cursor = {start + 1};
        Long count = readNumber(b, cursor);
        if (count == null) {
            return null;
        }
        List<byte[]> args = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (cursor[0] >= b.length) {
                return null;
            }
            if (b[cursor[0]] != '$') {
                return new Parsed(List.of(), cursor[0]);
            }
            cursor[0]++;
            Long length = readNumber(b, cursor);
            if (length == null) {
                return null;
            }
            if (length < 0 || length > LIMIT) {
                return new Parsed(List.of(), cursor[0]);
            }
            int end = cursor[0] + length.intValue();
            if (end + 2 > b.length) {
                return null;
            }
            byte[] arg = new byte[length.intValue()];
            System.arraycopy(b, cursor[0], arg, 0, arg.length);
            args.add(arg);
            cursor[0] = end + 2;
        }
        return new Parsed(args, cursor[0]);
    }

    private static Long readNumber(byte[] b, int[] cursor) {
        long value = 0;
        boolean negative = false;
        int i = cursor[0];
        if (i < b.length && b[i] == '-') {
            negative = true;
            i++;
        }
        while (i < b.length && b[i] != '\r') {
            if (b[i] < '0' || b[i] > '9') {
                return -1L;
            }
            value = value * 10 + (b[i] - '0');
            i++;
        }
        if (i + 1 >= b.length) {
            return null;
        }
        cursor[0] = i + 2;
        return negative ? -value : value;
    }
}
