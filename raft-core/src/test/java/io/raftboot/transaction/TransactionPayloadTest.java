package io.raftboot.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftboot.api.Command;
import io.raftboot.api.CommandException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionPayloadTest {

    @Test
    void encodesWatchAndCommandsAsArgumentsAndDecodesThemBack() {
        TransactionPayload payload = new TransactionPayload(17, List.of(bytes("w1"), bytes("w2")),
                List.of(Command.of("SET", "a", ""), Command.of("INCR", "b")));
        byte[][] args = payload.encode("raftexec");
        assertThat(new String(args[0], StandardCharsets.US_ASCII)).isEqualTo("raftexec");
        TransactionPayload decoded = TransactionPayload.decode(new Command(args));
        assertThat(decoded.watchIndex()).isEqualTo(17);
        assertThat(decoded.watchedKeys()).containsExactly(bytes("w1"), bytes("w2"));
        assertThat(decoded.commands()).extracting(Command::toString).containsExactly("SET a ", "INCR b");
    }

    @Test
    void refusesArgumentsItDidNotEncode() {
        for (Command bad : List.of(Command.of("raftexec", "1"), Command.of("raftexec", "-1", "0"),
                Command.of("raftexec", "1", "5", "k"), Command.of("raftexec", "1", "0", "3", "SET", "a"),
                Command.of("raftexec", "1", "0", "0"))) {
            assertThatThrownBy(() -> TransactionPayload.decode(bad)).isInstanceOf(CommandException.class);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
