package io.raftboot.api;

/**
 * What {@code INFO keyspace} reports for the state machine's data, in Redis's shape
 * ({@code db0:keys=N,expires=M,avg_ttl=T}), so redis-cli {@code --stat}, RedisInsight and the
 * Prometheus redis exporter show it.
 *
 * @param keys        keys held
 * @param expires     keys with an expiry
 * @param avgTtlMillis average remaining time to live of the keys with an expiry, 0 when unknown
 */
public record KeyspaceStats(long keys, long expires, long avgTtlMillis) {
    public KeyspaceStats {
        if (keys < 0 || expires < 0 || expires > keys || avgTtlMillis < 0) {
            throw new IllegalArgumentException("keyspace stats keys=" + keys + " expires=" + expires
                    + " avg_ttl=" + avgTtlMillis);
        }
    }
}
