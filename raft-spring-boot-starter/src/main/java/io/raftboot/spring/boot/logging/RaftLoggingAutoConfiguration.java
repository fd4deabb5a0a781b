package io.raftboot.spring.boot.logging;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;

import io.raftboot.api.NodeRole;
import io.raftboot.api.RaftNode;
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

    /** After the context closes, this process no longer runs the member. */
    @Bean
    static ApplicationListener<ContextClosedEvent> raftLogRoleAtClose() {
        return event -> RaftLogRole.set(NodeRole.SHUTDOWN);
    }

    /** A member that has not changed role since it started (a follower waiting for a leader) shows it too. */
    @Bean
    static ApplicationListener<ApplicationStartedEvent> raftLogRoleAtStart(ObjectProvider<RaftNode> node) {
        return event -> node.ifAvailable(n -> {
            if (RaftLogRole.current() == '-') {
                try {
                    RaftLogRole.set(n.status().role());
                } catch (IllegalStateException notRunning) {
                    // raft.enabled=false or stopped: nothing to show
                }
            }
        });
    }
}
