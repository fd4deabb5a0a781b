package io.raftboot.test.net;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeSnifferTest {

    private static byte[] command(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(b);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    @Test
    void recognisesAPeerByTheNodeIdInItsHelloEvenWhenSplitAcrossReads() {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(command("RAFT.CHALLENGE", "\r\n\u0000binary-nonce"));
        stream.writeBytes(command("RAFT.HELLO", "1", "1", "cluster-1", "n2", ""));
        byte[] all = stream.toByteArray();
        HandshakeSniffer sniffer = new HandshakeSniffer();
        for (int i = 0; i < all.length - 1; i++) {
            assertThat(sniffer.feed(all, i, 1)).isEqualTo(HandshakeSniffer.State.LOOKING);
        }
        assertThat(sniffer.feed(all, all.length - 1, 1)).isEqualTo(HandshakeSniffer.State.PEER);
        assertThat(sniffer.peerId()).isEqualTo("n2");
    }

    @Test
    void anyOtherFirstCommandIsAClient() {
        HandshakeSniffer sniffer = new HandshakeSniffer();
        byte[] get = command("GET", "k");
        assertThat(sniffer.feed(get, 0, get.length)).isEqualTo(HandshakeSniffer.State.CLIENT);

        HandshakeSniffer inline = new HandshakeSniffer();
        byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(inline.feed(ping, 0, ping.length)).isEqualTo(HandshakeSniffer.State.CLIENT);
        assertThat(inline.peerId()).isNull();
    }
}
