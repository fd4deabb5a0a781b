package io.raftboot.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A command that only reads the replicated state. It is never logged: it runs on the member that
 * received it, after the check that {@code raft.consistency} asks for. Parameters and return
 * values follow the same rules as {@link WriteCommand}; a read must not change the state.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReadCommand {

    /** The command name, matched case-insensitively; the method name when empty. */
    String value() default "";

    /**
     * Whether the method may run on another thread concurrently with the apply thread. Only for
     * state that is safe to read concurrently (e.g. concurrent collections); off by default.
     */
    boolean concurrent() default false;

    /** Extra flags reported by {@code COMMAND} (e.g. {@code fast}); {@code readonly} is always added. */
    String[] flags() default {};

    /** Position of the first key argument for {@code COMMAND INFO}; 0 when the command has no keys. */
    int firstKey() default 1;

    /** Position of the last key argument; negative counts from the end (-1: the last argument). */
    int lastKey() default 1;

    /** Step between key arguments. */
    int keyStep() default 1;
}
