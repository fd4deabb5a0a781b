package io.raftboot.spring.boot.autoconfigure;

import java.util.Arrays;

import org.springframework.beans.factory.ListableBeanFactory;

import io.raftboot.api.StateMachine;
import io.raftboot.spring.boot.annotation.RaftStateMachine;
import io.raftboot.spring.boot.statemachine.AnnotatedStateMachineFactory;
import io.raftboot.spring.boot.statemachine.MultipleRaftStateMachinesException;
import io.raftboot.spring.boot.statemachine.NoRaftStateMachineException;

/** Finds the one {@code @RaftStateMachine} bean and adapts it to a {@link StateMachine}. */
final class RaftStateMachineLocator {

    private RaftStateMachineLocator() {
    }

    static StateMachine locate(ListableBeanFactory beanFactory) {
        String[] names = beanFactory.getBeanNamesForAnnotation(RaftStateMachine.class);
        if (names.length == 0) {
            throw new NoRaftStateMachineException();
        }
        if (names.length > 1) {
            throw new MultipleRaftStateMachinesException(Arrays.asList(names));
        }
        Object bean = beanFactory.getBean(names[0]);
        if (bean instanceof StateMachine stateMachine) {
            return stateMachine;
        }
        return AnnotatedStateMachineFactory.create(bean);
    }
}
