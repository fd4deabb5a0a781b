package io.raftboot.spring.boot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback conversion word for the level as Redis marks it: {@code .} debug (and trace),
 * {@code -} verbose (unused: Logback has no such level), {@code *} notice (info), {@code #} warning
 * (and error).
 */
public class RedisLevelConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        int level = event.getLevel().toInt();
        if (level >= Level.WARN_INT) {
            return "#";
        }
        return level >= Level.INFO_INT ? "*" : ".";
    }
}
