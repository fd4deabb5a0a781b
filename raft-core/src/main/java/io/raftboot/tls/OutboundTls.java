package io.raftboot.tls;

import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * How this member opens its own connections to other members (peer links, snapshot transfers,
 * proxied requests, join): in plain TCP, or in TLS presenting this member's certificate and
 * verifying the other's against the trusted CAs and its address.
 */
public interface OutboundTls {

    OutboundTls PLAIN = new OutboundTls() {
        @Override
        public void install(ChannelPipeline pipeline, String host, int port) {
        }

        @Override
        public Socket connect(String host, int port, int timeoutMillis) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            return socket;
        }
    };

    /** Puts the client side of TLS first in a new outbound channel's pipeline (nothing for plain TCP). */
    void install(ChannelPipeline pipeline, String host, int port);

    /** A connected blocking socket, handshake done when TLS (for start-up conversations). */
    Socket connect(String host, int port, int timeoutMillis) throws IOException;
}
