package io.raftboot.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The consensus package must stay a pure, deterministic state machine: no I/O, no threads, no
 * clocks, nothing of the rest of the project. Checked on the sources, where a reviewer would look.
 */
class ConsensusPurityTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "java\\.io\\.|java\\.nio\\.|java\\.net\\.|java\\.util\\.concurrent|java\\.time\\."
                    + "|\\bThread\\b|System\\.(nanoTime|currentTimeMillis|getProperty|getenv)"
                    + "|new Random\\(|Math\\.random|io\\.netty|io\\.raftboot\\.(?!consensus\\b)");

    @Test
    void consensusSourcesUseNoIoThreadsClocksOrOtherPackages() throws IOException {
        Path dir = Path.of("src/main/java/io/raftboot/consensus");
        assertThat(dir).isDirectory();
        List<String> offences;
        try (Stream<Path> files = Files.list(dir)) {
            offences = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(ConsensusPurityTest::offendingLines)
                    .toList();
        }
        assertThat(offences).isEmpty();
    }

    private static Stream<String> offendingLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> FORBIDDEN.matcher(lines.get(i)).find())
                    .mapToObj(i -> file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
