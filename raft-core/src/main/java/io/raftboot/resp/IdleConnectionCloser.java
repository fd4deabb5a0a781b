package io.raftboot.resp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that neither read nor wrote for {@link RespLimits#idleTimeout()} (Redis'
 * {@code timeout}). Only add it when the timeout is not zero; see {@link #isEnabled(RespLimits)}.
 */
public final class IdleConnectionCloser extends IdleStateHandler {

    public IdleConnectionCloser(Duration idleTimeout) {
        super(0, 0, requirePositive(idleTimeout).toNanos(), TimeUnit.NANOSECONDS);
    }

    public static boolean isEnabled(RespLimits limits) {
        return !limits.idleTimeout().isZero();
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        ctx.close();
    }

    private static Duration requirePositive(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        return timeout;
    }
}
