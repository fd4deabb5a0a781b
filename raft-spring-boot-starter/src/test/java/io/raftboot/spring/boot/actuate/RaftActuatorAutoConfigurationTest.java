package io.raftboot.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.raftboot.spring.boot.autoconfigure.RaftAutoConfiguration;
import io.raftboot.spring.boot.health.RaftHealthAutoConfiguration;
import io.raftboot.spring.boot.health.RaftHealthIndicator;
import io.raftboot.spring.boot.health.RaftReadinessHealthEndpointGroupsPostProcessor;
import io.raftboot.spring.boot.metrics.RaftMeterBinder;
import io.raftboot.spring.boot.metrics.RaftMetricsAutoConfiguration;
import io.raftboot.spring.boot.support.CounterStateMachine;
import io.raftboot.spring.boot.support.FakeRaftNode;

/** The endpoint, health and metrics auto-configurations: on, off, and backing off. */
class RaftActuatorAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class, RaftEndpointAutoConfiguration.class,
                    RaftHealthAutoConfiguration.class, RaftMetricsAutoConfiguration.class, EndpointAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class, MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
            .withUserConfiguration(CounterStateMachine.class, UserNode.class);

    @Test
    void theEndpointExistsOnceExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=raft")
                .run(context -> assertThat(context).hasSingleBean(RaftEndpoint.class));
    }

    @Test
    void theEndpointIsAbsentWhenNotExposed() {
        runner.run(context -> assertThat(context).doesNotHaveBean(RaftEndpoint.class));
    }

    @Test
    void theEndpointIsAbsentWhenItsAccessIsNone() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=raft", "management.endpoint.raft.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(RaftEndpoint.class));
    }

    @Test
    void theEndpointBacksOffForAUserEndpoint() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=raft")
                .withUserConfiguration(UserEndpoint.class)
                .run(context -> {
                    assertThat(context).hasSingleBean(RaftEndpoint.class);
                    assertThat(context).hasBean("userRaftEndpoint");
                });
    }

    /** Only the starter's auto-configurations: an application without Actuator has none of Boot's. */
    private final WebApplicationContextRunner starterOnly = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RaftAutoConfiguration.class, RaftEndpointAutoConfiguration.class,
                    RaftHealthAutoConfiguration.class, RaftMetricsAutoConfiguration.class))
            .withUserConfiguration(CounterStateMachine.class, UserNode.class);

    @Test
    void withoutActuatorThereIsNoEndpointAndTheNodeStillRuns() {
        starterOnly.withPropertyValues("management.endpoints.web.exposure.include=raft")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RaftEndpoint.class);
                    assertThat(context).hasSingleBean(io.raftboot.api.RaftNode.class);
                });
    }

    @Test
    void theHealthIndicatorIsOnByDefaultAndJoinsReadiness() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RaftHealthIndicator.class);
            assertThat(context).hasBean("raftHealthIndicator");
            assertThat(context).hasSingleBean(RaftReadinessHealthEndpointGroupsPostProcessor.class);
            assertThat(context.getBean(RaftHealthIndicator.class).health().getStatus().getCode()).isEqualTo("UP");
        });
    }

    @Test
    void theHealthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.raft.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RaftHealthIndicator.class));
    }

    @Test
    void theHealthIndicatorBacksOffForAUserIndicatorOfTheSameName() {
        runner.withUserConfiguration(UserHealth.class).run(context -> {
            assertThat(context).doesNotHaveBean(RaftHealthIndicator.class);
            assertThat(context.getBean("raftHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("mine", true);
        });
    }

    @Test
    void withoutSpringBootHealthThereIsNoIndicator() {
        starterOnly.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RaftHealthIndicator.class);
                });
    }

    @Test
    void theMeterBinderRegistersTheMetersOfTheRunningNode() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RaftMeterBinder.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("raft.term").tag("node.id", "n1").gauge().value()).isEqualTo(3);
            assertThat(registry.get("raft.commit.latency").tag("node.id", "n1").timer()).isNotNull();
        });
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        starterOnly.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RaftMeterBinder.class);
                });
    }

    @Test
    void withoutAMeterRegistryThereAreNoMeters() {
        starterOnly.run(context -> assertThat(context).doesNotHaveBean(RaftMeterBinder.class));
    }

    @Test
    void theMeterBinderBacksOffForAUserBinder() {
        runner.withUserConfiguration(UserBinder.class).run(context -> {
            assertThat(context).hasSingleBean(RaftMeterBinder.class);
            assertThat(context).hasBean("userRaftMeterBinder");
        });
    }

    @Test
    void raftEnabledFalseSwitchesEndpointHealthAndMetricsOff() {
        runner.withPropertyValues("raft.enabled=false", "management.endpoints.web.exposure.include=raft")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RaftEndpoint.class);
                    assertThat(context).doesNotHaveBean(RaftHealthIndicator.class);
                    assertThat(context).doesNotHaveBean(RaftReadinessHealthEndpointGroupsPostProcessor.class);
                    assertThat(context).doesNotHaveBean(RaftMeterBinder.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UserNode {
        @Bean
        FakeRaftNode userRaftNode() {
            return new FakeRaftNode();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserEndpoint {
        @Bean
        RaftEndpoint userRaftEndpoint(FakeRaftNode node) {
            return new RaftEndpoint(node, java.time.Duration.ofSeconds(1));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserHealth {
        @Bean
        HealthIndicator raftHealthIndicator() {
            return () -> Health.up().withDetail("mine", true).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBinder {
        @Bean
        RaftMeterBinder userRaftMeterBinder(org.springframework.beans.factory.ObjectProvider<io.raftboot.api.RaftNode> node) {
            return new RaftMeterBinder(node);
        }
    }
}
