package io.raftboot.spring.boot.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;

import io.raftboot.api.Applier;
import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandSpec;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/** A state machine bean wrapped in a Spring AOP proxy keeps its handlers, and calls go through the proxy. */
class ProxiedStateMachineTest {

    @Test
    void handlersOfAClassProxyAreFoundAndCalledThroughTheProxy() {
        List<String> intercepted = new ArrayList<>();
        ProxyFactory factory = new ProxyFactory(new Register());
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            intercepted.add(invocation.getMethod().getName());
            return invocation.proceed();
        });
        Object proxy = factory.getProxy();
        assertThat(proxy.getClass()).isNotEqualTo(Register.class);

        AnnotatedStateMachine machine = AnnotatedStateMachineFactory.create(proxy);
        CommandSpec put = machine.commands().get(0);
        assertThat(put.name()).isEqualTo("PUT");
        Object reply = put.handler().handle(Command.of("PUT", "v"), new CommandContext(1, 1, 0, 0, true),
                Applier.immediate());
        assertThat(reply).isEqualTo("v");
        assertThat(intercepted).containsExactly("put");
    }

    @RaftStateMachine
    public static class Register {
        private String value;

        @WriteCommand("PUT")
        public String put(String value) {
            this.value = value;
            return this.value;
        }

        @Snapshot
        public byte[] snapshot() {
            return value == null ? new byte[0] : value.getBytes();
        }

        @Restore
        public void restore(InputStream in) throws java.io.IOException {
            value = new String(in.readAllBytes());
        }
    }
}
