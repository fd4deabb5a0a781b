package io.raftboot.resp;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-connection limits of the RESP server ({@code raft.limits.*}). Exceeding one is answered with
 * an error and the connection is closed.
 *
 * @param maxBulkLength      largest bulk string argument, in bytes
 * @param maxArguments       most arguments in one command
 * @param maxInlineLength    longest inline command line, in bytes (also bounds header lines)
 * @param maxClients         most connections open at once
 * @param clientOutputBuffer most reply bytes pending for a slow reader before it is disconnected
 * @param idleTimeout        close a connection idle this long; {@link Duration#ZERO} never does
 */
public record RespLimits(long maxBulkLength, int maxArguments, int maxInlineLength, int maxClients,
                         long clientOutputBuffer, Duration idleTimeout) {

    public static final RespLimits DEFAULTS = new RespLimits(64L * 1024 * 1024, 1024 * 1024, 64 * 1024,
            10_000, 64L * 1024 * 1024, Duration.ZERO);

    public RespLimits {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxBulkLength < 1 || maxBulkLength > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("maxBulkLength must be in [1, " + (Integer.MAX_VALUE - 2) + "]: " + maxBulkLength);
        }
        if (maxArguments < 1) {
            throw new IllegalArgumentException("maxArguments must be positive: " + maxArguments);
        }
        if (maxInlineLength < 16) {
            throw new IllegalArgumentException("maxInlineLength must be at least 16: " + maxInlineLength);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be positive: " + maxClients);
        }
        if (clientOutputBuffer < 1) {
            throw new IllegalArgumentException("clientOutputBuffer must be positive: " + clientOutputBuffer);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
    }

    public RespLimits withMaxBulkLength(long value) {
        return new RespLimits(value, maxArguments, maxInlineLength, maxClients, clientOutputBuffer, idleTimeout);
    }

    public RespLimits withMaxArguments(int value) {
        return new RespLimits(maxBulkLength, value, maxInlineLength, maxClients, clientOutputBuffer, idleTimeout);
    }

    public RespLimits withMaxInlineLength(int value) {
        return new RespLimits(maxBulkLength, maxArguments, value, maxClients, clientOutputBuffer, idleTimeout);
    }

    public RespLimits withMaxClients(int value) {
        return new RespLimits(maxBulkLength, maxArguments, maxInlineLength, value, clientOutputBuffer, idleTimeout);
    }

    public RespLimits withClientOutputBuffer(long value) {
        return new RespLimits(maxBulkLength, maxArguments, maxInlineLength, maxClients, value, idleTimeout);
    }

    public RespLimits withIdleTimeout(Duration value) {
        return new RespLimits(maxBulkLength, maxArguments, maxInlineLength, maxClients, clientOutputBuffer, value);
    }
}
