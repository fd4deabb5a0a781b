package io.raftboot.transport;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * {@code raft.cluster-secret}: peers prove they know it without sending it, with HMAC-SHA256 over
 * a nonce chosen by the other side. Each side proves itself: the server over the client's nonce
 * (so a client never sends Raft messages to an impostor), the client over the server's nonce. The
 * two proofs carry different labels so that one can never be replayed as the other.
 */
public final class ClusterSecret {
    public static final ClusterSecret NONE = new ClusterSecret(null);

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] EMPTY = new byte[0];
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private ClusterSecret(byte[] key) {
        this.key = key;
    }

    /** A secret from its configured text; null or empty means no secret. */
    public static ClusterSecret of(String secret) {
        return secret == null || secret.isEmpty() ? NONE : new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isConfigured() {
        return key != null;
    }

    public static byte[] newNonce() {
        byte[] nonce = new byte[PeerProtocol.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    /** What a server answers to a client's nonce; empty without a secret. */
    public byte[] serverProof(byte[] clientNonce, String serverNodeId) {
        return mac("server", clientNonce, serverNodeId, "");
    }

    /** What a client sends in HELLO for the server's nonce; empty without a secret. */
    public byte[] clientProof(byte[] serverNonce, String clientNodeId, String clusterId) {
        return mac("client", serverNonce, clientNodeId, clusterId);
    }

    public boolean verifyServerProof(byte[] proof, byte[] clientNonce, String serverNodeId) {
        return verify(proof, serverProof(clientNonce, serverNodeId));
    }

    public boolean verifyClientProof(byte[] proof, byte[] serverNonce, String clientNodeId, String clusterId) {
        return verify(proof, clientProof(serverNonce, clientNodeId, clusterId));
    }

    private static boolean verify(byte[] proof, byte[] expected) {
        return MessageDigest.isEqual(Objects.requireNonNull(proof, "proof"), expected);
    }

    private byte[] mac(String label, byte[] nonce, String nodeId, String clusterId) {
        if (key == null) {
            return EMPTY;
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            mac.update(label.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            mac.update(nonce);
            mac.update((byte) 0);
            mac.update(nodeId.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(clusterId.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return key == null ? "ClusterSecret[none]" : "ClusterSecret[****]";
    }
}
