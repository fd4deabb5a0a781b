package io.raftboot.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.raftboot.command.ClientSession;
import io.raftboot.command.CommandDispatcher;
import io.raftboot.command.CommandTable;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespCommand;
import io.raftboot.resp.RespValue;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: dispatches each command, keeps replies in request order, and holds a read
 * that follows a write on this connection until that write completed (read-your-writes). Once a
 * command waits, everything after it waits too, so the connection's order is kept.
 */
final class ClientConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ClientConnectionHandler.class);
    private static final RespValue LOADING = RespValue.error("LOADING server is starting");
    /** Requests of one connection in flight (not yet answered) before it is no longer read from. */
    static final int MAX_PENDING = 10_000;

    private final Supplier<CommandDispatcher> dispatcher;
    private final Runnable onOpenOrClose;
    private final boolean passwordRequired;
    private ClientSession session;
    private ReplySequencer sequencer;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int writesInFlight;

    private record Waiting(RespCommand command, CommandTable.Entry entry, ReplySequencer.Slot slot,
                           CommandDispatcher.Gate gate) {
    }

    /** @param onOpenOrClose runs when the connection opens and when it closes (connection metrics) */
    ClientConnectionHandler(Supplier<CommandDispatcher> dispatcher, boolean passwordRequired, Runnable onOpenOrClose) {
        this.dispatcher = dispatcher;
        this.onOpenOrClose = onOpenOrClose;
        this.passwordRequired = passwordRequired;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        session = new ClientSession(String.valueOf(ctx.channel().remoteAddress()).replace("/", ""), !passwordRequired,
                (task, delayMillis) -> ctx.executor().schedule(task, delayMillis, TimeUnit.MILLISECONDS));
        sequencer = new ReplySequencer(ctx.channel());
        onOpenOrClose.run();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RespCommand command)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ReplySequencer.Slot slot = sequencer.reserve();
        if (sequencer.pending() >= MAX_PENDING && ctx.channel().config().isAutoRead()) {
            // back-pressure: a client pipelining without reading replies stops being read from
            ctx.channel().config().setAutoRead(false);
        }
        CommandDispatcher d = dispatcher.get();
        if (d == null) {
            slot.complete(LOADING);
            return;
        }
        // proposals from every connection this loop reads in this pass reach the raft thread together
        d.holdWakesUntilNextTask(ctx.executor());
        CommandTable.Entry entry = d.lookup(command);
        CommandDispatcher.Gate gate = CommandDispatcher.gate(entry);
        if (!waiting.isEmpty() || gate == CommandDispatcher.Gate.READ && writesInFlight > 0) {
            waiting.add(new Waiting(command, entry, slot, gate));
        } else {
            run(ctx, d, command, entry, slot, gate);
        }
    }

    private void run(ChannelHandlerContext ctx, CommandDispatcher d, RespCommand command, CommandTable.Entry entry,
                     ReplySequencer.Slot slot, CommandDispatcher.Gate gate) {
        boolean write = gate == CommandDispatcher.Gate.WRITE;
        if (write) {
            writesInFlight++;
        }
        Reply reply = new Reply(ctx, slot, write);
        try {
            d.execute(entry, command, session, reply);
        } catch (RuntimeException e) {
            log.warn("command {} failed unexpectedly", command, e);
            reply.reply(Replies.toError(e));
        }
    }

    /**
     * One request's way back to its slot: the dispatcher's reply target and, when the reply comes
     * from another thread, the task that hands it to this connection's event loop. One object per
     * request where a lambda per hop would do the same.
     */
    private final class Reply implements CommandDispatcher.ReplyTarget, Runnable {
        private final ChannelHandlerContext ctx;
        private final ReplySequencer.Slot slot;
        private final boolean write;
        private RespValue result;
        private boolean answered;

        Reply(ChannelHandlerContext ctx, ReplySequencer.Slot slot, boolean write) {
            this.ctx = ctx;
            this.slot = slot;
            this.write = write;
        }

        @Override
        public void reply(RespValue value) {
            result = value;
            if (ctx.executor().inEventLoop()) {
                run();
            } else {
                // the executor's queue publishes result to the event loop; the apply thread wakes the
                // loop once for all the replies of a batch
                CommandDispatcher.onEventLoop(ctx.executor(), this);
            }
        }

        /** Event loop. Once only: the write count must not drop twice if a reply was attempted twice. */
        @Override
        public void run() {
            if (!answered) {
                answered = true;
                finish(ctx, slot, result, write);
            }
        }
    }

    private void finish(ChannelHandlerContext ctx, ReplySequencer.Slot slot, RespValue result, boolean write) {
        if (result == CommandDispatcher.QUIT_OK) {
            slot.completeAndClose(RespValue.OK);
        } else {
            slot.complete(result);
        }
        if (!ctx.channel().config().isAutoRead() && sequencer.pending() <= MAX_PENDING / 2) {
            ctx.channel().config().setAutoRead(true);
        }
        if (write) {
            writesInFlight--;
            releaseWaiting(ctx);
        }
    }

    private void releaseWaiting(ChannelHandlerContext ctx) {
        CommandDispatcher d = dispatcher.get();
        while (!waiting.isEmpty()) {
            Waiting next = waiting.peek();
            if (next.gate() == CommandDispatcher.Gate.READ && writesInFlight > 0) {
                return;
            }
            waiting.poll();
            run(ctx, d, next.command(), next.entry(), next.slot(), next.gate());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.clear();
        CommandDispatcher d = dispatcher.get();
        if (d != null && session != null) {
            d.sessionClosed(session);
        }
        onOpenOrClose.run();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
