package io.raftboot.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.raftboot.api.CommandException;
import io.raftboot.api.Status;
import io.raftboot.resp.Replies;
import io.raftboot.resp.RespValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The payload codec, reply conversion and the lease clock. */
class RuntimePartsTest {

    @Test
    void commandPayloadRoundTripsWithTheStampedTimestamp() {
        byte[][] args = {"SET".getBytes(), new byte[] {0, '\r', '\n', (byte) 0xFF}, new byte[0]};
        byte[] payload = CommandPayload.encode(42, 7, args);
        CommandPayload.stamp(payload, 1_700_000_000_123L);
        CommandPayload decoded = CommandPayload.decode(payload);
        assertThat(decoded.timestampMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(decoded.originIncarnation()).isEqualTo(42);
        assertThat(decoded.requestId()).isEqualTo(7);
        assertThat(decoded.args()).isDeepEqualTo(args);
    }

    @Test
    void commandPayloadKeepsItsOnDiskFormat() {
        // logs written by earlier versions must still decode: the layout is fixed, big-endian
        byte[][] args = {"SET".getBytes(), "k".getBytes(), new byte[0]};
        java.nio.ByteBuffer expected = java.nio.ByteBuffer.allocate(1 + 8 + 8 + 8 + 4 + (4 + 3) + (4 + 1) + 4);
        expected.put((byte) 1).putLong(1_700_000_000_123L).putLong(42).putLong(7).putInt(3);
        for (byte[] arg : args) {
            expected.putInt(arg.length).put(arg);
        }
        byte[] payload = CommandPayload.encode(42, 7, args);
        CommandPayload.stamp(payload, 1_700_000_000_123L);
        assertThat(payload).isEqualTo(expected.array());
        byte[] fromCommand = CommandPayload.encode(42, 7, new io.raftboot.api.Command(args));
        CommandPayload.stamp(fromCommand, 1_700_000_000_123L);
        assertThat(fromCommand).isEqualTo(expected.array());
    }

    @Test
    void malformedPayloadsAreRefusedWithAClearError() {
        byte[] payload = CommandPayload.encode(1, 1, new byte[][] {"GET".getBytes(), "k".getBytes()});
        for (int cut = 0; cut < payload.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(payload, cut);
            assertThatThrownBy(() -> CommandPayload.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        payload[0] = 9;
        assertThatThrownBy(() -> CommandPayload.decode(payload)).hasMessageContaining("version");
    }

    @Test
    void handlerResultsBecomeRespReplies() {
        assertThat(Replies.toReply(null)).isEqualTo(RespValue.NULL_BULK);
        assertThat(Replies.toReply("x")).isEqualTo(RespValue.bulk("x"));
        assertThat(Replies.toReply("x".getBytes(StandardCharsets.UTF_8))).isEqualTo(RespValue.bulk("x"));
        assertThat(Replies.toReply(5)).isEqualTo(RespValue.integer(5));
        assertThat(Replies.toReply(5L)).isEqualTo(RespValue.integer(5));
        assertThat(Replies.toReply(Status.OK)).isEqualTo(RespValue.OK);
        // the encoder sends the shared constants as pre-encoded bytes: a handler's own Status("OK") maps to them too
        assertThat(Replies.toReply(new Status("OK"))).isSameAs(RespValue.OK);
        assertThat(Replies.toReply(new Status("PONG"))).isSameAs(RespValue.PONG);
        assertThat(Replies.toReply(new Status("QUEUED"))).isEqualTo(RespValue.simple("QUEUED"));
        assertThat(Replies.toReply(List.of("a", 1L))).isEqualTo(RespValue.array(RespValue.bulk("a"), RespValue.integer(1)));
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", "v");
        map.put("n", 2);
        assertThat(Replies.toReply(map)).isEqualTo(RespValue.array(RespValue.bulk("k"), RespValue.bulk("v"),
                RespValue.bulk("n"), RespValue.integer(2)));
        assertThat(Replies.toReply(new String[] {"a", null})).isEqualTo(RespValue.array(RespValue.bulk("a"), RespValue.NULL_BULK));
        assertThat(Replies.toReply(RespValue.PONG)).isEqualTo(RespValue.PONG);
        assertThatThrownBy(() -> Replies.toReply(new Object())).hasMessageContaining("no RESP form");
    }

    @Test
    void exceptionsKeepTheirOwnUpperCaseCode() {
        assertThat(Replies.toError(new CommandException("WRONGTYPE Operation against a key holding the wrong kind of value")))
                .isEqualTo(RespValue.error("WRONGTYPE Operation against a key holding the wrong kind of value"));
        assertThat(Replies.toError(new CommandException("no such key"))).isEqualTo(RespValue.error("ERR no such key"));
        assertThat(Replies.toError(new IllegalStateException("Bad thing"))).isEqualTo(RespValue.error("ERR Bad thing"));
    }

    @Test
    void theLeaseRunsFromTheSendTimeOfTheAcknowledgedRoundAndEndsAtOnceWhenAsked() {
        LeaseClock lease = new LeaseClock(Duration.ofMillis(200).toNanos());
        assertThat(lease.valid()).isFalse();
        lease.update(3); // a round never sent here grants nothing
        assertThat(lease.valid()).isFalse();
        lease.roundSent(4);
        lease.update(4);
        assertThat(lease.valid()).isTrue();
        lease.update(-1);
        assertThat(lease.valid()).isFalse();
        lease.roundSent(5);
        lease.update(5);
        assertThat(lease.valid()).isTrue();
        // 90% of 200ms after the round was sent, the lease is gone without any further input
        await().atMost(Duration.ofSeconds(2)).until(() -> !lease.valid());
    }
}
