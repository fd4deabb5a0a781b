package io.raftboot.spring.boot.health;

import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;

/**
 * Health contributor {@code raft} ({@code management.health.raft.enabled}), placed in the readiness
 * group and kept out of the liveness group.
 */
@AutoConfiguration(after = RaftAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(name = {"org.springframework.boot.health.contributor.HealthIndicator",
        "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"})
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
public final class RaftHealthAutoConfiguration {

    static final String CONTRIBUTOR_NAME = "raft";

    /**
     * Nested so that its conditions, which live in the health module, are only read once the outer
     * class found that module on the class path.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator(CONTRIBUTOR_NAME)
    @ConditionalOnBean(RaftNode.class)
    static class HealthIndicatorConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "raftHealthIndicator")
        RaftHealthIndicator raftHealthIndicator(RaftNode node, ObjectProvider<RaftOptions> options) {
            Duration electionTimeout = options.getIfAvailable(() -> RaftOptions.builder().build()).electionTimeout();
            return new RaftHealthIndicator(node, electionTimeout);
        }

        /** Only with the health endpoint (and its groups) on the class path. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = {"org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
                "org.springframework.boot.actuate.endpoint.annotation.Endpoint"})
        static class ReadinessGroupConfiguration {

            @Bean
            @ConditionalOnMissingBean
            static RaftReadinessHealthEndpointGroupsPostProcessor raftReadinessHealthEndpointGroupsPostProcessor(
                    Environment environment) {
                Set<String> excluded = Binder.get(environment)
                        .bind(RaftReadinessHealthEndpointGroupsPostProcessor.READINESS_EXCLUDE, Bindable.setOf(String.class))
                        .orElse(Set.of());
                return new RaftReadinessHealthEndpointGroupsPostProcessor(CONTRIBUTOR_NAME, excluded);
            }
        }
    }
}
