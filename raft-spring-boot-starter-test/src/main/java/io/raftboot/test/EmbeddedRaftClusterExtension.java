package io.raftboot.test;

import io.raftboot.api.StateMachine;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Behind {@link EmbeddedRaftCluster}: a cluster per test method (faults in one test must not leak
 * into the next), injected into {@link RaftCluster} fields and parameters, closed after the test.
 */
public final class EmbeddedRaftClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedRaftClusterExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        RaftCluster cluster = cluster(context);
        // a @Nested test's enclosing instances get the handle too
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (field.getType() == RaftCluster.class && !Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        field.set(instance, cluster);
                    }
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RaftCluster cluster = context.getStore(NAMESPACE).remove(RaftCluster.class, RaftCluster.class);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RaftCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private static RaftCluster cluster(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(RaftCluster.class,
                k -> RaftCluster.start(settings(context)), RaftCluster.class);
    }

    static ClusterSettings settings(ExtensionContext context) {
        EmbeddedRaftCluster spec = annotation(context.getRequiredTestClass());
        ClusterSettings settings = spec.application() != void.class
                ? ClusterSettings.spring(spec.members(), spec.application(), spec.properties())
                : ClusterSettings.of(spec.members(), stateMachines(spec));
        return settings.withLogStore(spec.logStore()).withElectionTimeout(Duration.ofMillis(spec.electionTimeoutMillis()));
    }

    /** On the test class, or for a {@code @Nested} class the nearest enclosing class that has it. */
    private static EmbeddedRaftCluster annotation(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            var found = AnnotationSupport.findAnnotation(type, EmbeddedRaftCluster.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionConfigurationException("no @EmbeddedRaftCluster on " + testClass + " or its enclosing classes");
    }

    @SuppressWarnings("unchecked")
    private static Supplier<? extends StateMachine> stateMachines(EmbeddedRaftCluster spec) {
        boolean hasClass = spec.stateMachine() != StateMachine.class;
        boolean hasFactory = spec.factory() != Supplier.class;
        if (hasClass == hasFactory) {
            throw new ExtensionConfigurationException("@EmbeddedRaftCluster needs exactly one of stateMachine, factory or application");
        }
        if (hasClass) {
            return () -> instantiate(spec.stateMachine());
        }
        Supplier<? extends StateMachine> factory = instantiate(spec.factory());
        return factory;
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new ExtensionConfigurationException(type.getName() + " needs a no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException("constructing " + type.getName() + " failed", e.getCause());
        }
    }
}
