package io.raftboot.consensus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.raftboot.fuzz.AllocationMeter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer target for the configuration codec (configuration entries and snapshot headers, both read
 * from disk and from peers). Runs its kept inputs in every build; {@code scripts/fuzz.sh} fuzzes it.
 */
class ConfigurationCodecJazzerTest {

    /**
     * Arbitrary bytes either decode to a configuration that survives re-encoding unchanged, or are
     * refused with {@link IllegalArgumentException}; nothing else escapes, and decoding allocates in
     * proportion to the input, never to a declared count.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeArbitraryBytes(byte[] data) {
        Configuration decoded;
        try {
            decoded = ConfigurationCodec.decode(data);
        } catch (IllegalArgumentException refused) {
            assertAllocationProportional(data);
            return;
        }
        assertAllocationProportional(data);
        assertThat(decoded.members().size()).isLessThanOrEqualTo(data.length / 5);
        assertThat(ConfigurationCodec.decode(ConfigurationCodec.encode(decoded))).isEqualTo(decoded);
    }

    private static void assertAllocationProportional(byte[] data) {
        AllocationMeter.assertProportional(data.length, 64, () -> ConfigurationCodec.decode(data));
    }
}
