package io.raftboot.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Captures a point-in-time view of the state so that Raft can compact its log. The method takes no
 * parameters and runs on the apply thread, so it must be quick: capture a copy or an immutable
 * reference and return a {@code SnapshotWriter} that streams it to an {@code OutputStream} later,
 * from another thread, while writes continue. Returning {@code byte[]} is accepted for small states.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Snapshot {
}
