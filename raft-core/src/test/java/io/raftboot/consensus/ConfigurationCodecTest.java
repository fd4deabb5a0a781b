package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigurationCodecTest {

    @Test
    void roundTripsVotersLearnersAndNonAsciiText() {
        Configuration config = new Configuration(List.of(
                new Member("n1", "127.0.0.1:7481", true),
                new Member("nœud-2", "hôte.example:7482", false),
                new Member("n3-\uD83D\uDE80", "[::1]:7483", true)));

        Configuration decoded = ConfigurationCodec.decode(ConfigurationCodec.encode(config));

        assertThat(decoded).isEqualTo(config);
        assertThat(decoded.voters()).extracting(Member::id).containsExactly("n1", "n3-\uD83D\uDE80");
    }

    @Test
    void handCodedUtf8MatchesTheJdk() {
        String text = "a\u00e9\u20ac\uD83D\uDE80z";
        byte[] ours = Utf8.encode(text);
        assertThat(ours).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(Utf8.decode(ours, 0, ours.length)).isEqualTo(text);
    }

    @Test
    void rejectsEveryTruncationAndMalformedText() {
        byte[] encoded = ConfigurationCodec.encode(Configuration.ofVoters(List.of(new Member("n\u00e9", "h:1", true))));
        for (int cut = 0; cut < encoded.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(encoded, cut);
            assertThatThrownBy(() -> ConfigurationCodec.decode(truncated)).isInstanceOf(IllegalArgumentException.class);
        }
        byte[] overlong = {(byte) 0xC0, (byte) 0x80};
        assertThatThrownBy(() -> Utf8.decode(overlong, 0, 2)).isInstanceOf(IllegalArgumentException.class);
        byte[] surrogate = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
        assertThatThrownBy(() -> Utf8.decode(surrogate, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
