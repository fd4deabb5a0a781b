package io.raftboot.spring.boot.actuate;

import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;

/**
 * The {@code raft} Actuator endpoint, when Actuator is on the class path and the endpoint is
 * available (exposed and not switched off).
 */
@AutoConfiguration(after = RaftAutoConfiguration.class)
@ConditionalOnClass(name = {"org.springframework.boot.actuate.endpoint.annotation.Endpoint",
        "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"})
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
public final class RaftEndpointAutoConfiguration {

    /** How long a write operation waits when the options do not say (no RaftOptions bean). */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Nested so that its conditions, which live in the actuator module, are only read once the
     * outer class found Actuator on the class path.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnAvailableEndpoint(RaftEndpoint.class)
    @ConditionalOnBean(RaftNode.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RaftEndpoint raftEndpoint(RaftNode node, ObjectProvider<RaftOptions> options) {
            RaftOptions raftOptions = options.getIfAvailable();
            // snapshotting a large state or catching a transfer target up may take longer than one request
            Duration timeout = raftOptions == null ? DEFAULT_TIMEOUT
                    : max(DEFAULT_TIMEOUT, raftOptions.requestTimeout(), raftOptions.shutdownTimeout());
            return new RaftEndpoint(node, timeout);
        }
    }

    private static Duration max(Duration first, Duration... others) {
        Duration max = first;
        for (Duration other : others) {
            if (other.compareTo(max) > 0) {
                max = other;
            }
        }
        return max;
    }
}
