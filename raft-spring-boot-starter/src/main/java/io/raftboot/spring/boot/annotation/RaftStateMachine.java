package io.raftboot.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks the bean that holds the replicated state. Exactly one such bean may exist in an application
 * context. Its {@link WriteCommand} methods go through the Raft log and run on every member in log
 * order; its {@link ReadCommand} methods run locally after the configured consistency check; its
 * {@link Snapshot} and {@link Restore} methods let Raft compact the log.
 * <p>
 * Handlers, snapshot capture and restore run on one apply thread and never concurrently with each
 * other (unless a read opts in with {@link ReadCommand#concurrent()}), so the state needs no locks.
 * Every handler must be deterministic: same state and arguments, same result, on every member.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface RaftStateMachine {

    /** The bean name, as for {@link Component#value()}. */
    @AliasFor(annotation = Component.class)
    String value() default "";
}
