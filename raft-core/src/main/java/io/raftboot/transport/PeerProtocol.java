package io.raftboot.transport;

import io.raftboot.resp.RespCommand;

/**
 * The peer protocol on the RESP port. Every command is a multibulk request; arguments are binary.
 * <pre>
 * RAFT.CHALLENGE client-nonce                     -> *2 [server-nonce, server-proof]
 * RAFT.HELLO min max cluster-id node-id proof     -> *3 [:version, cluster-id, node-id] | -ERR/-NOAUTH
 * RAFT.MSG batch                                  -> no reply (fire-and-forget); -ERR and close if rejected
 * RAFT.SNAPBEGIN install-snapshot-message size    -> +OK
 * RAFT.SNAPCHUNK offset bytes                     -> +OK once written
 * RAFT.SNAPEND                                    -> +OK once stored and handed to consensus
 * </pre>
 * The handshake is just the first commands of the stream, so TLS can wrap the connection without
 * changing it. A cluster id of {@value #UNKNOWN_CLUSTER} means "not known yet" (a joining node).
 * {@code RAFT.MSG} gets no reply: Raft's answers are messages travelling the other way on the
 * receiver's own outbound connection, so a reply would only cost bandwidth.
 */
public final class PeerProtocol {
    public static final int MIN_VERSION = 1;
    public static final int MAX_VERSION = 1;
    public static final String UNKNOWN_CLUSTER = "-";

    public static final String PREFIX = "RAFT.";
    public static final String CHALLENGE = "RAFT.CHALLENGE";
    public static final String HELLO = "RAFT.HELLO";
    public static final String MSG = "RAFT.MSG";
    public static final String SNAP_BEGIN = "RAFT.SNAPBEGIN";
    public static final String SNAP_CHUNK = "RAFT.SNAPCHUNK";
    public static final String SNAP_END = "RAFT.SNAPEND";

    /**
     * Largest bulk string a handshaken peer may send (a RAFT.MSG batch), whatever the client limit:
     * one log entry may be as large as the largest client command.
     */
    public static final long MAX_PEER_BULK_LENGTH = 1L << 30;

    /** Length of the random nonces each side sends in the challenge. */
    public static final int NONCE_BYTES = 32;

    private PeerProtocol() {
    }

    /** Whether a command name (upper case) belongs to the peer protocol. */
    public static boolean isPeerCommand(String upperCaseName) {
        return upperCaseName.startsWith(PREFIX);
    }

    /** The same question asked of a request's name bytes, without building its name. */
    public static boolean isPeerCommand(RespCommand command) {
        return command.nameStartsWith(PREFIX);
    }
}
