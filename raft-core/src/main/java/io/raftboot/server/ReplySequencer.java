package io.raftboot.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespValue;
import java.util.ArrayDeque;

/**
 * Writes one connection's replies in request order although they complete out of order. Used on the
 * connection's event loop only: {@link #reserve()} when a request arrives, {@link Slot#complete}
 * when its reply is known; the longest completed prefix is written, with one flush per burst.
 * Small replies of a burst are encoded into one buffer that is written at the flush: one message
 * through the pipeline per burst rather than one per reply.
 */
final class ReplySequencer {
    private static final int BATCH_BYTES = 16 * 1024;
    private static final int SMALL_BULK = 1024;
    private final Channel channel;
    private final ArrayDeque<Slot> slots = new ArrayDeque<>();
    /** Small replies encoded since the last write, in order; written before anything else. */
    private ByteBuf encoded;
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
            wrote = true;
            if (small(head.reply) && !head.closeAfter) {
                if (encoded == null) {
                    encoded = channel.alloc().buffer(256);
                }
                RespEncoder.encode(head.reply, encoded);
                if (encoded.readableBytes() >= BATCH_BYTES) {
                    writeEncoded();
                }
                continue;
            }
            writeEncoded();
            channel.write(head.reply);
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
                writeEncoded();
                channel.flush();
            });
        }
    }

    private void writeEncoded() {
        if (encoded != null) {
            ByteBuf batch = encoded;
            encoded = null;
            channel.write(batch);
        }
    }

    /** Replies copied into the batch buffer: a large bulk string keeps going out from its own array. */
    private static boolean small(RespValue reply) {
        return reply instanceof RespValue.SimpleString || reply instanceof RespValue.IntegerReply
                || reply instanceof RespValue.ErrorReply
                || reply instanceof RespValue.BulkString b && (b.bytes() == null || b.bytes().length <= SMALL_BULK);
    }
}
