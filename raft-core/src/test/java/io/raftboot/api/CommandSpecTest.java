package io.raftboot.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandSpecTest {

    @Test
    void arityFollowsRedis() {
        CommandSpec exact = CommandSpec.read("GET", 2, cmd -> null);
        assertThat(exact.acceptsArgumentCount(2)).isTrue();
        assertThat(exact.acceptsArgumentCount(3)).isFalse();
        CommandSpec atLeast = CommandSpec.read("MGET", -2, cmd -> null);
        assertThat(atLeast.acceptsArgumentCount(1)).isFalse();
        assertThat(atLeast.acceptsArgumentCount(5)).isTrue();
        assertThatThrownBy(() -> CommandSpec.read("X", 0, cmd -> null)).hasMessageContaining("arity");
        assertThatThrownBy(() -> CommandSpec.read("A B", 1, cmd -> null)).hasMessageContaining("name");
    }

    @Test
    void keysDefaultToTheFirstArgumentAndNoneForNameOnlyCommands() {
        CommandSpec get = CommandSpec.read("GET", 2, cmd -> null);
        assertThat(get.firstKey()).isEqualTo(1);
        CommandSpec dbsize = CommandSpec.read("DBSIZE", 1, cmd -> null);
        assertThat(dbsize.firstKey()).isZero();
    }

    @Test
    void integerConversionUsesRedisMessage() {
        assertThatThrownBy(() -> Command.of("INCRBY", "k", "x").longArg(2))
                .isInstanceOf(CommandException.class).hasMessage("value is not an integer or out of range");
        assertThat(Command.of("INCRBY", "k", "-12").longArg(2)).isEqualTo(-12);
    }

    @Test
    void contextSeedIsDeterministicAndDependsOnIndexAndTerm() {
        assertThat(CommandContext.seedFor(5, 2)).isEqualTo(CommandContext.seedFor(5, 2));
        assertThat(CommandContext.seedFor(5, 2)).isNotEqualTo(CommandContext.seedFor(6, 2));
        assertThat(CommandContext.seedFor(5, 2)).isNotEqualTo(CommandContext.seedFor(5, 3));
    }
}
