package io.raftboot.spring.boot.logging;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;
import io.raftboot.spring.boot.event.RaftRoleChangedEvent;

/**
 * Keeps {@link RaftLogRole} in step with this member's role, for the {@code raftRole} conversion
 * word. Plain Java: nothing here needs Logback, so it is harmless with another logging backend.
 */
@AutoConfiguration(after = RaftAutoConfiguration.class)
public final class RaftLoggingAutoConfiguration {

    @Bean
    static ApplicationListener<RaftRoleChangedEvent> raftLogRoleUpdater() {
        return event -> RaftLogRole.set(event.getRole());
    }
}
