package io.raftboot.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.raftboot.resp.RespValue;
import java.util.ArrayDeque;

/**
 * Writes one connection's replies in request order although they complete out of order. Used on the
 * connection's event loop only: {@link #reserve()} when a request arrives, {@link Slot#complete}
 * when its reply is known; the longest completed prefix is written, with one flush per burst.
 */
final class ReplySequencer {
    private final Channel channel;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    private boolean flushScheduled;
    private boolean closing;

    ReplySequencer(Channel channel) {
        this.channel = channel;
    }

    /** One reply's place in the order. */
    final class Slot {
        private RespValue reply;
        private boolean closeAfter;

        /** Event loop: the reply is known; writes it (and any following ones) when its turn came. */
        void complete(RespValue value) {
            if (reply != null) {
                return;
            }
            reply = value;
            drain();
        }

        /** Like {@link #complete}, then closes the connection once it is written (QUIT, limits). */
        void completeAndClose(RespValue value) {
            closeAfter = true;
            complete(value);
        }
    }

    Slot reserve() {
        Slot slot = new Slot();
        slots.add(slot);
        return slot;
    }

    /** Requests whose replies are still unknown or unwritten. */
    int pending() {
        return slots.size();
    }

    private void drain() {
        boolean wrote = false;
        while (!slots.isEmpty() && slots.peek().reply != null && !closing) {
            Slot head = slots.poll();
            channel.write(head.reply);
            wrote = true;
            if (head.closeAfter) {
                closing = true;
                channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                slots.clear();
                return;
            }
        }
        if (wrote && !flushScheduled) {
            // one flush for everything completed in this burst of event-loop tasks
            flushScheduled = true;
            channel.eventLoop().execute(() -> {
                flushScheduled = false;
                channel.flush();
            });
        }
    }
}
