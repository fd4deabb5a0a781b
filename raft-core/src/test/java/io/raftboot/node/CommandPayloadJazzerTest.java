package io.raftboot.node;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.fuzz.AllocationMeter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the log payload of a client command, decoded by every member's apply loop and
 * by the offline inspector from log bytes. Runs its kept inputs in every build;
 * {@code scripts/fuzz.sh} fuzzes it.
 */
class CommandPayloadJazzerTest {

    /**
     * Arbitrary bytes either decode to a payload whose re-encoding (and stamping) is byte for byte
     * the input (the format has one encoding per command), or are refused with
     * {@link IllegalArgumentException}; allocation stays proportional to the input.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeArbitraryBytes(byte[] data) {
        CommandPayload payload;
        try {
            payload = CommandPayload.decode(data);
        } catch (IllegalArgumentException refused) {
            assertAllocationProportional(data);
            return;
        }
        assertAllocationProportional(data);
        assertThat(payload.args().length).isPositive();
        byte[] again = CommandPayload.encode(payload.originIncarnation(), payload.requestId(), payload.args());
        CommandPayload.stamp(again, payload.timestampMillis());
        assertThat(again).isEqualTo(data);
    }

    private static void assertAllocationProportional(byte[] data) {
        AllocationMeter.assertProportional(data.length, 64, () -> CommandPayload.decode(data));
    }
}
