package io.raftboot.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigureOrder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import io.raftboot.api.RaftMetrics;
import io.raftboot.api.RaftNode;
import io.raftboot.api.RaftOptions;
import io.raftboot.api.StateMachine;

/**
 * Starts a Raft node serving the application's {@code @RaftStateMachine} bean, configured by
 * {@code raft.*}. Each bean backs off when the application defines its own: {@link RaftOptions}
 * (or {@link RaftOptionsCustomizer}s to adjust the defaults), {@link StateMachine} (a plain-Java
 * state machine instead of an annotated bean), {@link RaftNode}. {@code raft.enabled=false}
 * switches the node and everything built on it off.
 *
 * <p>Ordered first among the auto-configurations (after SSL bundles, which it may use): singletons
 * are created in the order their definitions were registered, and the node bean starts recovering
 * the data dir in the background as soon as it exists (afterPropertiesSet), so the earlier it is
 * created, the more of the recovery runs while Spring creates the web, actuator and metrics beans.
 * Its dependencies (options, the state machine, the {@link RaftMetrics} beans) need none of those.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@AutoConfigureOrder(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnBooleanProperty(name = "raft.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RaftProperties.class)
public final class RaftAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    RaftOptions raftOptions(RaftProperties properties, ObjectProvider<RaftMetrics> metrics,
                            ObjectProvider<RaftOptionsCustomizer> customizers, ObjectProvider<SslBundles> sslBundles) {
        return RaftOptionsFactory.create(properties, CompositeRaftMetrics.of(metrics.orderedStream().toList()),
                customizers.orderedStream().toList(), sslBundles.getIfAvailable());
    }

    @Bean
    @ConditionalOnMissingBean
    StateMachine raftStateMachine(ListableBeanFactory beanFactory) {
        return RaftStateMachineLocator.locate(beanFactory);
    }

    @Bean
    @ConditionalOnMissingBean(RaftNode.class)
    ManagedRaftNode raftNode(RaftOptions options, StateMachine stateMachine, ApplicationEventPublisher events,
                             ConfigurableEnvironment environment) {
        return new ManagedRaftNode(options, stateMachine, events, environment);
    }
}
