package io.raftboot.test;

import io.raftboot.api.RaftNode;
import io.raftboot.api.StateMachine;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;
import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Each member is its own application context of the user's {@code @SpringBootApplication},
 * configured through {@code raft.*} properties as an operator would, plus the test's own
 * properties. Web servers take a free port. The kit sees the committed writes by wrapping the
 * context's {@link StateMachine} bean (the starter's adapter of the {@code @RaftStateMachine} bean).
 */
public final class SpringMemberLauncher implements MemberLauncher {
    private final Class<?> application;
    private final List<String> properties;

    public SpringMemberLauncher(Class<?> application, List<String> properties) {
        this.application = application;
        this.properties = List.copyOf(properties);
    }

    @Override
    public Launched launch(MemberConfig config) {
        Duration election = config.electionTimeout();
        List<String> raft = new ArrayList<>(List.of(
                "raft.node-id=" + config.id(), "raft.host=127.0.0.1", "raft.port=0",
                "raft.advertise=" + config.advertise(), "raft.data-dir=" + config.dataDir(),
                "raft.log-store=" + config.logStore().name().toLowerCase(java.util.Locale.ROOT),
                "raft.election-timeout=" + election.toMillis() + "ms",
                "raft.heartbeat-interval=" + election.dividedBy(6).toMillis() + "ms",
                "raft.request-timeout=" + election.multipliedBy(6).toMillis() + "ms",
                "raft.durability=low", "raft.shutdown-timeout=0s",
                "server.port=0", "spring.main.banner-mode=off"));
        if (config.peers().size() > 1) {
            raft.add("raft.peers=" + String.join(",", config.peers()));
        }
        if (config.join() != null) {
            raft.add("raft.join=" + config.join());
        }
        // the test's properties come last: they win over the kit's
        raft.addAll(properties);
        // as command-line arguments, which win over the application's own application.yml
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .initializers(c -> c.getBeanFactory().addBeanPostProcessor(recordingWrapper(config)))
                .run(raft.stream().map(p -> "--" + p).toArray(String[]::new));
        RaftNode node = context.getBean(RaftNode.class);
        Map<String, Object> annotated = context.getBeansWithAnnotation(RaftStateMachine.class);
        Object stateMachine = annotated.size() == 1 ? annotated.values().iterator().next() : context.getBean(StateMachine.class);
        return new Launched(node, stateMachine, context::getBean, context::close);
    }

    /**
     * New instances of an annotated state machine bean's class (no-argument constructor), adapted as
     * the starter adapts the bean: for the determinism check.
     */
    static Supplier<StateMachine> freshInstances(Class<?> beanClass) {
        Constructor<?> constructor;
        try {
            constructor = beanClass.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(beanClass.getName() + " has no no-argument constructor: call"
                    + " DeterminismCheck.of(() -> AnnotatedStateMachineFactory.create(new YourBean(...)))"
                    + ".assertDeterministic(cluster.committedLog())", e);
        }
        return () -> {
            try {
                return AnnotatedStateMachineFactory.create(constructor.newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + beanClass.getName(), e);
            }
        };
    }

    private static BeanPostProcessor recordingWrapper(MemberConfig config) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof StateMachine stateMachine && !(bean instanceof RaftNode)
                        ? config.wrap().apply(stateMachine) : bean;
            }
        };
    }
}
