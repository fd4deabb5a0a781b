package io.raftboot.spring.boot.statemachine;

import java.util.List;

/** More than one {@code @RaftStateMachine} bean: a node replicates exactly one state machine. */
public class MultipleRaftStateMachinesException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final List<String> beanNames;

    public MultipleRaftStateMachinesException(List<String> beanNames) {
        super("Expected one @RaftStateMachine bean but found " + beanNames.size() + ": " + beanNames);
        this.beanNames = List.copyOf(beanNames);
    }

    public List<String> getBeanNames() {
        return beanNames;
    }
}
