package io.raftboot.resp;

import io.netty.channel.ChannelPipeline;

/**
 * Installs the RESP server codec on a connection's pipeline, in this order: output-buffer limit,
 * encoder, max-clients gate, idle closer (when configured), decoder. Handlers that consume
 * {@link RespCommand}s go after {@link #DECODER}.
 */
public final class RespPipeline {
    public static final String OUTPUT_LIMIT = "resp-output-limit";
    public static final String ENCODER = "resp-encoder";
    public static final String MAX_CLIENTS = "resp-max-clients";
    public static final String IDLE = "resp-idle";
    public static final String DECODER = "resp-decoder";

    private RespPipeline() {
    }

    /**
     * The codec with a decoder that answers protocol errors itself.
     *
     * @param gate the server's one shared gate (counts every connection of that server)
     */
    public static void addServerCodec(ChannelPipeline pipeline, RespLimits limits, MaxClientsGate gate) {
        addServerCodec(pipeline, limits, gate, false);
    }

    /**
     * @param forwardProtocolErrors whether the decoder emits {@link RespProtocolError} for a later
     *                              handler to answer in reply order, instead of answering at once
     */
    public static void addServerCodec(ChannelPipeline pipeline, RespLimits limits, MaxClientsGate gate,
                                      boolean forwardProtocolErrors) {
        pipeline.addLast(OUTPUT_LIMIT, new OutputBufferLimitHandler(limits.clientOutputBuffer()));
        pipeline.addLast(ENCODER, RespEncoder.INSTANCE);
        pipeline.addLast(MAX_CLIENTS, gate);
        if (IdleConnectionCloser.isEnabled(limits)) {
            pipeline.addLast(IDLE, new IdleConnectionCloser(limits.idleTimeout()));
        }
        pipeline.addLast(DECODER, new RespDecoder(limits, forwardProtocolErrors));
    }
}
