package io.raftboot.sample.keyspace;

import static io.raftboot.sample.keyspace.Bytes.b;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GlobPatternTest {

    private static boolean matches(String pattern, String key) {
        return GlobPattern.compile(b(pattern)).matches(b(key));
    }

    @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            // stars
            "*|\"\"|true",
            "*|anything|true",
            "**|abc|true",
            "a*|a|true",
            "a*|abc|true",
            "a*|bac|false",
            "*c|abc|true",
            "*c|abd|false",
            "a*c|ac|true",
            "a*c|abbbc|true",
            "a*c|abbbd|false",
            "a*b*c|axbyc|true",
            "a*b*c|axcyb|false",
            "*a*|bab|true",
            "h*llo*|hello world|true",
            // question marks
            "?|a|true",
            "?|\"\"|false",
            "?|ab|false",
            "h?llo|hallo|true",
            "h?llo|hllo|false",
            "??*|ab|true",
            "??*|a|false",
            // sets
            "h[ae]llo|hello|true",
            "h[ae]llo|hallo|true",
            "h[ae]llo|hillo|false",
            "h[^e]llo|hallo|true",
            "h[^e]llo|hello|false",
            "h[a-b]llo|hbllo|true",
            "h[a-b]llo|hcllo|false",
            "h[b-a]llo|hallo|true",
            "[a-cx-z]|y|true",
            "[a-cx-z]|d|false",
            "[^a-c]|d|true",
            "[^a-c]|b|false",
            "[abc|b|true",
            "[abc|\"\"|false",
            "[]|a|false",
            "[^]|a|true",
            "[\\]]|]|true",
            "[\\-]|-|true",
            "[a\\-c]|b|false",
            "[a\\-c]|-|true",
            // as in Redis, "a-]" is a range up to ']' and the set stays open
            "[a-]|_|true",
            "[a-]|b|false",
            // escapes
            "\\*|*|true",
            "\\*|a|false",
            "\\?|?|true",
            "\\?|a|false",
            "\\[a]|[a]|true",
            "\\[a]|a|false",
            "a\\|a\\|true",
            "\\\\|\\|true",
            // literal
            "abc|abc|true",
            "abc|abcd|false",
            "abc|ab|false",
            "\"\"|\"\"|true",
            "\"\"|a|false",
    })
    void followsRedisGlobRules(String pattern, String key, boolean expected) {
        assertThat(matches(pattern, key)).isEqualTo(expected);
    }

    @Test
    void matchesBinaryKeysByteByByte() {
        byte[] key = {0, (byte) 0xff, '\n', 'x'};
        assertThat(GlobPattern.compile(new byte[] {0, '?', '\n', '*'}).matches(key)).isTrue();
        assertThat(GlobPattern.compile(new byte[] {'[', (byte) 0xf0, '-', (byte) 0xff, ']'}).matches(new byte[] {(byte) 0xfa})).isTrue();
        assertThat(GlobPattern.compile(new byte[] {'[', (byte) 0xf0, '-', (byte) 0xff, ']'}).matches(new byte[] {'a'})).isFalse();
    }

    @Test
    void manyStarsOnALongKeyNeedNoExponentialBacktracking() {
        // A naive recursive matcher takes exponential time here and this test would never finish.
        String key = "a".repeat(5000);
        assertThat(matches("a*a*a*a*a*a*a*a*a*a*a*b", key)).isFalse();
        assertThat(matches("a*a*a*a*a*a*a*a*a*a*a*a", key)).isTrue();
    }
}
