package io.raftboot.faults.cluster;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One-shot administrative commands (RAFT*, GET) on a member, over a fresh connection. */
final class Admin {
    private Admin() {
    }

    /** The reply as text (bulk, status, integer, or a flat array joined by spaces); null for a null bulk. */
    static String call(String address, int timeoutMillis, String command, String... args) {
        DefaultJedisClientConfig config = DefaultJedisClientConfig.builder()
                .socketTimeoutMillis(timeoutMillis).connectionTimeoutMillis(Math.min(timeoutMillis, 1000)).build();
        try (Jedis jedis = new Jedis(HostAndPort.from(address), config)) {
            Object reply = jedis.sendCommand(() -> command.getBytes(StandardCharsets.UTF_8), args);
            return text(reply);
        }
    }

    /** Like {@link #call} but an error reply or a broken connection gives null. */
    static String tryCall(String address, int timeoutMillis, String command, String... args) {
        try {
            return call(address, timeoutMillis, command, args);
        } catch (JedisException e) {
            return null;
        }
    }

    private static String text(Object reply) {
        if (reply == null) {
            return null;
        }
        if (reply instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (reply instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(text(o));
            }
            return String.join(" ", parts);
        }
        return reply.toString();
    }
}
