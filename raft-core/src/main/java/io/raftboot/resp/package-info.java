/**
 * RESP2 for Netty: values ({@link io.raftboot.resp.RespValue}), requests
 * ({@link io.raftboot.resp.RespCommand}), the streaming request decoder
 * ({@link io.raftboot.resp.RespDecoder}, its core {@link io.raftboot.resp.RespRequestParser} usable
 * on a plain ByteBuf for fuzzing), the encoder and the per-connection limits.
 *
 * <p>Server pipeline, as {@link io.raftboot.resp.RespPipeline#addServerCodec} builds it (head to
 * tail): output-buffer limit, encoder, max-clients gate, idle closer (optional), decoder; then the
 * peer command handler (transport's {@code PeerCommandHandler}), then command dispatch.
 * Dispatch receives {@link io.raftboot.resp.RespCommand}s. By default the decoder answers protocol
 * errors itself and closes; a dispatcher that orders replies can ask for the error as a message
 * instead ({@code forwardProtocolErrors}): at most once and last, a
 * {@link io.raftboot.resp.RespProtocolError} to answer in its turn (after the replies to earlier
 * commands) before closing: {@link io.raftboot.resp.RespProtocolError#answerAndClose}.
 */
package io.raftboot.resp;
