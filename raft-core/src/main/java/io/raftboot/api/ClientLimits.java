package io.raftboot.api;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code raft.limits.*}: bounds on what one client connection may send or leave unread. Exceeding one
 * is answered with an error and that connection is closed.
 *
 * @param maxBulkLength      bytes in one bulk string ({@code raft.limits.max-bulk-length})
 * @param maxArguments       arguments in one command ({@code raft.limits.max-arguments})
 * @param maxInlineLength    bytes in one inline command line ({@code raft.limits.max-inline-length})
 * @param maxClients         open client connections ({@code raft.limits.max-clients})
 * @param clientOutputBuffer reply bytes a slow reader may leave pending ({@code raft.limits.client-output-buffer})
 * @param idleTimeout        idle connections are closed after this; zero means never ({@code raft.limits.idle-timeout})
 */
public record ClientLimits(long maxBulkLength, int maxArguments, int maxInlineLength, int maxClients,
                           long clientOutputBuffer, Duration idleTimeout) {

    public static final ClientLimits DEFAULTS = new ClientLimits(64L << 20, 1 << 20, 64 << 10, 10_000,
            64L << 20, Duration.ZERO);

    public ClientLimits {
        Objects.requireNonNull(idleTimeout, "raft.limits.idle-timeout");
        positive(maxBulkLength, "raft.limits.max-bulk-length");
        positive(maxArguments, "raft.limits.max-arguments");
        positive(maxInlineLength, "raft.limits.max-inline-length");
        positive(maxClients, "raft.limits.max-clients");
        positive(clientOutputBuffer, "raft.limits.client-output-buffer");
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("raft.limits.idle-timeout must not be negative, got " + idleTimeout);
        }
    }

    private static void positive(long value, String property) {
        if (value <= 0) {
            throw new IllegalArgumentException(property + " must be positive, got " + value);
        }
    }
}
