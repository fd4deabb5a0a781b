package io.raftboot.spring.boot.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback conversion word for this member's role ({@link RaftLogRole}): register it with
 * {@code <conversionRule conversionWord="raftRole" class="io.raftboot.spring.boot.logging.RaftRoleConverter"/>}
 * or include {@code io/raftboot/spring/boot/logging/redis-style.xml}.
 */
public class RaftRoleConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return String.valueOf(RaftLogRole.current());
    }
}
