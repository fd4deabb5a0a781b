package io.raftboot.faults.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultRunMainTest {

    @Test
    void parsesTheLongRunOptions(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("app.jar"));
        RunOptions options = FaultRunMain.parse(new String[] {"--seed", "42", "--duration", "5m", "--faults",
                "kill,pause,partition,membership,transfer", "--nodes", "5", "--jar", jar.toString(), "--workdir",
                dir.resolve("run").toString()});
        assertThat(options.seed()).isEqualTo(42);
        assertThat(options.duration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.faults()).containsExactly(Fault.KILL, Fault.PAUSE, Fault.PARTITION, Fault.MEMBERSHIP, Fault.TRANSFER);
        assertThat(options.nodes()).isEqualTo(5);
        assertThat(options.consistency()).isEqualTo("high");
    }

    @Test
    void refusesUnknownOptionsFaultsAndDurations(@TempDir Path dir) throws Exception {
        String jar = dir.resolve("app.jar").toString();
        assertThatThrownBy(() -> FaultRunMain.parse(new String[] {"--sed", "1", "--jar", jar}))
                .hasMessageContaining("unknown option --sed");
        assertThatThrownBy(() -> FaultRunMain.parse(new String[] {"--faults", "kill,explode", "--jar", jar}))
                .hasMessageContaining("unknown fault 'explode'");
        assertThatThrownBy(() -> FaultRunMain.parse(new String[] {"--duration", "soon", "--jar", jar}))
                .hasMessageContaining("bad duration");
        Files.createDirectories(dir.resolve("earlier-run/n1/data"));
        assertThatThrownBy(() -> FaultRunMain.parse(new String[] {"--jar", jar, "--workdir", dir.resolve("earlier-run").toString()}))
                .as("a work dir holding an earlier run").hasMessageContaining("is not empty");
    }
}
