package io.raftboot.node;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.raftboot.resp.RespEncoder;
import io.raftboot.resp.RespReplyParser;
import io.raftboot.resp.RespValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import io.raftboot.tls.OutboundTls;
import java.net.Socket;
import java.time.Duration;

/**
 * A small blocking RESP client for start-up conversations with other members (join, the peers
 * check). Used from the starting thread only, never on an event loop.
 */
final class BlockingRespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final RespReplyParser parser = new RespReplyParser(64L << 20, 1 << 20);
    private final ByteBuf buffer = Unpooled.buffer(); // heap, unpooled: needs no release

    BlockingRespClient(String address, Duration timeout, OutboundTls tls) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        int port = Integer.parseInt(address.substring(colon + 1));
        socket = tls.connect(host, port, (int) Math.max(1, timeout.toMillis()));
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends one command and waits for its reply (bounded by the socket timeout). */
    RespValue call(String... args) throws IOException {
        out.write(RespEncoder.toBytes(RespValue.command(args)));
        out.flush();
        byte[] chunk = new byte[8192];
        while (true) {
            RespValue reply = parser.next(buffer);
            if (reply != null) {
                buffer.discardReadBytes();
                return reply;
            }
            int n = in.read(chunk);
            if (n < 0) {
                throw new IOException("connection closed before the reply");
            }
            buffer.writeBytes(chunk, 0, n);
        }
    }

    private boolean closed;

    /** Idempotent; may be called from another thread to unblock a waiting {@link #call}. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the heap buffer is left to the garbage collector: another thread may still be reading into it
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
