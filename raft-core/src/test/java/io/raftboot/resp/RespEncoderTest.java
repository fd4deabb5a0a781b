package io.raftboot.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RespEncoderTest {

    private static String encoded(RespValue value) {
        return new String(RespEncoder.toBytes(value), StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesEveryReplyType() {
        assertThat(encoded(RespValue.OK)).isEqualTo("+OK\r\n");
        assertThat(encoded(RespValue.simple("QUEUED"))).isEqualTo("+QUEUED\r\n");
        assertThat(encoded(RespValue.error("ERR unknown command 'x'"))).isEqualTo("-ERR unknown command 'x'\r\n");
        assertThat(encoded(RespValue.integer(0))).isEqualTo(":0\r\n");
        assertThat(encoded(RespValue.integer(1023))).isEqualTo(":1023\r\n");
        assertThat(encoded(RespValue.integer(1024))).isEqualTo(":1024\r\n");
        assertThat(encoded(RespValue.integer(-7))).isEqualTo(":-7\r\n");
        assertThat(encoded(RespValue.integer(Long.MIN_VALUE))).isEqualTo(":" + Long.MIN_VALUE + "\r\n");
        assertThat(encoded(RespValue.bulk("héllo"))).isEqualTo("$6\r\nh\u00c3\u00a9llo\r\n");
        assertThat(encoded(RespValue.bulk(""))).isEqualTo("$0\r\n\r\n");
        assertThat(encoded(RespValue.NULL_BULK)).isEqualTo("$-1\r\n");
        assertThat(encoded(RespValue.bulk((String) null))).isEqualTo("$-1\r\n");
        assertThat(encoded(RespValue.NULL_ARRAY)).isEqualTo("*-1\r\n");
        assertThat(encoded(RespValue.EMPTY_ARRAY)).isEqualTo("*0\r\n");
        assertThat(encoded(RespValue.array(RespValue.integer(1), RespValue.array(RespValue.bulk("a"), RespValue.NULL_BULK))))
                .isEqualTo("*2\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n");
    }

    @Test
    void errorTextsAndSimpleStringsStayOnOneLine() {
        assertThat(encoded(RespValue.error("ERR a\r\nb"))).isEqualTo("-ERR a  b\r\n");
        assertThatThrownBy(() -> RespValue.simple("a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RespValue.error("MOVED 1 h:1").code()).isEqualTo("MOVED");
    }

    @Test
    void binaryBulkStringsRoundTripThroughTheChannel() {
        Random random = new Random(7);
        byte[] small = "a\r\nb\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
        byte[] large = new byte[RespEncoder.WRAP_THRESHOLD * 3 + 5];
        random.nextBytes(large);
        RespValue value = RespValue.array(RespValue.bulk(small), RespValue.bulk(large), RespValue.OK);

        EmbeddedChannel channel = new EmbeddedChannel(RespEncoder.INSTANCE);
        channel.writeOutbound(value);
        ByteBuf all = Unpooled.buffer();
        ByteBuf part;
        while ((part = channel.readOutbound()) != null) {
            all.writeBytes(part);
            part.release();
        }
        RespValue decoded = new RespReplyParser(Integer.MAX_VALUE - 2, 100).next(all);
        assertThat(decoded).isEqualTo(value);
        assertThat(all.isReadable()).isFalse();
        assertThat(RespEncoder.toBytes(value)).hasSize(all.writerIndex());
        all.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void replyParserWaitsForCompleteRepliesAndRejectsGarbage() {
        RespReplyParser parser = new RespReplyParser(100, 10);
        byte[] bytes = RespEncoder.toBytes(RespValue.array(RespValue.bulk("abc"), RespValue.integer(5)));
        for (int split = 0; split < bytes.length; split++) {
            ByteBuf buffer = Unpooled.buffer();
            buffer.writeBytes(bytes, 0, split);
            assertThat(parser.next(buffer)).isNull();
            assertThat(buffer.readerIndex()).isZero();
            buffer.writeBytes(bytes, split, bytes.length - split);
            assertThat(parser.next(buffer)).isEqualTo(RespValue.array(RespValue.bulk("abc"), RespValue.integer(5)));
            buffer.release();
        }
        for (String bad : List.of("?x\r\n", ":abc\r\n", "$101\r\n", "*11\r\n", "+a\n")) {
            assertThatThrownBy(() -> parser.next(Unpooled.copiedBuffer(bad, StandardCharsets.US_ASCII)))
                    .as(bad).isInstanceOf(RespProtocolException.class);
        }
    }
}
