package io.raftboot.transport;

import io.raftboot.consensus.Message;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages waiting for one peer, oldest first, bounded by estimated bytes: when over, the oldest
 * are dropped (Raft retries whatever matters). Only the newest heartbeat is kept: a newer one
 * supersedes an older one still waiting. Not thread-safe: owned by the peer's event loop.
 */
final class OutboundQueue {
    private final long maxBytes;
    private final ArrayDeque<Queued> messages = new ArrayDeque<>();
    private long bytes;
    private Queued heartbeat;
    private long dropped;

    OutboundQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void add(Message message) {
        Queued queued = new Queued(message, MessageCodec.estimatedSize(message));
        if (message instanceof Message.Heartbeat) {
            if (heartbeat != null && messages.removeLastOccurrence(heartbeat)) {
                bytes -= heartbeat.size;
                dropped++;
            }
            heartbeat = queued;
        }
        messages.addLast(queued);
        bytes += queued.size;
        while (bytes > maxBytes && messages.size() > 1) {
            removeFirst();
            dropped++;
        }
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    int size() {
        return messages.size();
    }

    /** Removes the oldest messages up to {@code budget} estimated bytes (at least one). */
    List<Message> takeBatch(int budget) {
        List<Message> batch = new ArrayList<>();
        int used = 0;
        while (!messages.isEmpty()) {
            int size = messages.peekFirst().size;
            if (!batch.isEmpty() && used + size > budget) {
                break;
            }
            batch.add(removeFirst());
            used += size;
        }
        return batch;
    }

    /** Messages dropped so far, superseded heartbeats included. */
    long dropped() {
        return dropped;
    }

    void clear() {
        messages.clear();
        bytes = 0;
        heartbeat = null;
    }

    private Message removeFirst() {
        Queued queued = messages.pollFirst();
        bytes -= queued.size;
        if (queued == heartbeat) {
            heartbeat = null;
        }
        return queued.message;
    }

    /**
     * A message with its estimate, computed once: for an append it walks every entry. Identity
     * equality on purpose, so superseding removes exactly the heartbeat that was queued.
     */
    private static final class Queued {
        final Message message;
        final int size;

        Queued(Message message, int size) {
            this.message = message;
            this.size = size;
        }
    }
}
