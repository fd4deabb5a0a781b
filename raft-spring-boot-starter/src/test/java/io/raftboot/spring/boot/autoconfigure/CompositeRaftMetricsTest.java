package io.raftboot.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.raftboot.api.RaftMetrics;

/** Every callback, including ones added to RaftMetrics later, reaches every metrics bean. */
class CompositeRaftMetricsTest {

    @Test
    void forwardsEveryCallbackToEveryDelegate() throws Exception {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        RaftMetrics composite = CompositeRaftMetrics.of(List.of(recording(first), recording(second)));

        List<String> callbacks = new ArrayList<>();
        for (Method method : RaftMetrics.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            method.invoke(composite, Arrays.stream(method.getParameterTypes()).map(this::sample).toArray());
            callbacks.add(method.getName());
        }

        assertThat(callbacks).contains("writeStages", "fsyncLatency");
        assertThat(first).containsExactlyInAnyOrderElementsOf(callbacks);
        assertThat(second).containsExactlyInAnyOrderElementsOf(callbacks);
    }

    private static RaftMetrics recording(List<String> calls) {
        return (RaftMetrics) Proxy.newProxyInstance(RaftMetrics.class.getClassLoader(), new Class<?>[] {RaftMetrics.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("equals") ? proxy == args[0]
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "recording";
                    }
                    calls.add(method.getName());
                    return null;
                });
    }

    private Object sample(Class<?> type) {
        if (type == long.class) {
            return 1L;
        }
        if (type == int.class) {
            return 1;
        }
        return "x";
    }
}
