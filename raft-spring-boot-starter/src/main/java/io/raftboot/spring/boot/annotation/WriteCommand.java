package io.raftboot.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A command that changes the replicated state. The command goes through the Raft log; the method
 * runs on every member, on the apply thread, in log order, and its return value becomes the reply
 * on the member that received the request.
 * <p>
 * Parameters bind from the command's arguments by position: {@code byte[]}, {@code String},
 * {@code long}, {@code int}, {@code double}, {@code boolean} (and their boxed forms), and, as the
 * last positional parameter, {@code String...}, {@code byte[]...}, {@code List<String>} or
 * {@code List<byte[]>} for the remaining arguments. A {@code CommandContext} or {@code Command}
 * parameter may appear anywhere and takes no argument. The arity is derived from the signature;
 * arity and conversion errors are answered before anything is logged.
 * <p>
 * Return values become replies: {@code void} → {@code +OK}, {@code null} → null bulk,
 * {@code String}/{@code byte[]} → bulk, integral numbers → integer, {@code boolean} → integer 1/0,
 * {@code double} → bulk (Redis style, e.g. {@code 10.5}), collections and arrays → array,
 * {@code Map} → flat array, {@code Status} → simple string. A {@code RuntimeException} is the reply
 * ({@code -ERR message}, or the message's own upper-case code) on every member, and the entry still
 * counts as applied; an {@code Error} stops the node.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WriteCommand {

    /** The command name, matched case-insensitively; the method name when empty. */
    String value() default "";

    /** Extra flags reported by {@code COMMAND} (e.g. {@code denyoom}); {@code write} is always added. */
    String[] flags() default {};

    /** Position of the first key argument for {@code COMMAND INFO}; 0 when the command has no keys. */
    int firstKey() default 1;

    /** Position of the last key argument; negative counts from the end (-1: the last argument). */
    int lastKey() default 1;

    /** Step between key arguments. */
    int keyStep() default 1;
}
