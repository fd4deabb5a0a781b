package io.raftboot.resp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandNameTableTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void findsANameInEveryAsciiCase() {
        CommandNameTable<String> table = CommandNameTable.of(Map.of("set", "S", "getset", "GS", "raft.msg", "M"));
        assertThat(table.get(bytes("set"))).isEqualTo("S");
        assertThat(table.get(bytes("SET"))).isEqualTo("S");
        assertThat(table.get(bytes("sEt"))).isEqualTo("S");
        assertThat(table.get(bytes("GetSet"))).isEqualTo("GS");
        assertThat(table.get(bytes("RAFT.MSG"))).isEqualTo("M");
        assertThat(table.get("GETSET")).isEqualTo("GS");
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void keysGivenInUpperCaseMatchToo() {
        CommandNameTable<Integer> table = CommandNameTable.of(Map.of("PING", 1));
        assertThat(table.get(bytes("ping"))).isEqualTo(1);
        assertThat(table.get(bytes("PING"))).isEqualTo(1);
    }

    @Test
    void missesWhatIsNotThere() {
        CommandNameTable<String> table = CommandNameTable.of(Map.of("set", "S"));
        assertThat(table.get(bytes("se"))).isNull();
        assertThat(table.get(bytes("sett"))).isNull();
        assertThat(table.get(bytes("get"))).isNull();
        assertThat(table.get(new byte[0])).isNull();
        assertThat(CommandNameTable.of(Map.<String, String>of()).get(bytes("set"))).isNull();
    }

    @Test
    void onlyAsciiLettersIgnoreCase() {
        // '[' is 'Z' + 1 and '{' is 'z' + 1: a sloppy case fold would equate them with letters
        CommandNameTable<String> table = CommandNameTable.of(Map.of("a[", "bracket", "x@", "at"));
        assertThat(table.get(bytes("A["))).isEqualTo("bracket");
        assertThat(table.get(bytes("a{"))).isNull();
        assertThat(table.get(bytes("X@"))).isEqualTo("at");
        assertThat(table.get(bytes("x`"))).isNull();
        // a non-ASCII byte never matches, whatever a Unicode case fold would make of it
        assertThat(table.get(new byte[] {(byte) 0xC1, '['})).isNull();
        assertThat(table.get("\u212A")).isNull(); // Kelvin sign, which lower-cases to 'k' in Unicode
    }

    @Test
    void refusesNamesThatCannotBeMatchedOrClash() {
        assertThatThrownBy(() -> CommandNameTable.of(Map.of("", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandNameTable.of(Map.of("s\u00e9t", 1))).isInstanceOf(IllegalArgumentException.class);
        Map<String, Integer> clash = new LinkedHashMap<>();
        clash.put("Set", 1);
        clash.put("sET", 2);
        assertThatThrownBy(() -> CommandNameTable.of(clash)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void agreesWithAHashMapOfLowerCaseNamesOnRandomNames() {
        Random random = new Random(42);
        Map<String, Integer> reference = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            reference.put(randomName(random).toLowerCase(Locale.ROOT), i);
        }
        CommandNameTable<Integer> table = CommandNameTable.of(reference);
        for (Map.Entry<String, Integer> e : reference.entrySet()) {
            assertThat(table.get(bytes(randomCase(e.getKey(), random)))).isEqualTo(e.getValue());
        }
        for (int i = 0; i < 2000; i++) {
            String probe = randomName(random);
            assertThat(table.get(bytes(probe))).isEqualTo(reference.get(probe.toLowerCase(Locale.ROOT)));
        }
    }

    private static String randomName(Random random) {
        int length = 1 + random.nextInt(6);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append((char) (random.nextBoolean() ? 'a' + random.nextInt(4) : 'A' + random.nextInt(4)));
        }
        return out.toString();
    }

    private static String randomCase(String name, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }
}
