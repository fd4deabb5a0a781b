package io.raftboot.spring.boot.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Replaces the whole state with the contents of a snapshot written by the {@link Snapshot} method.
 * The method takes one {@code InputStream} (or {@code byte[]}) parameter and runs on the apply
 * thread.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Restore {
}
