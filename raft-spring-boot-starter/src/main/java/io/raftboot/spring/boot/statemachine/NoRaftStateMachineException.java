package io.raftboot.spring.boot.statemachine;

/** Raft is enabled but the application context holds no {@code @RaftStateMachine} bean. */
public class NoRaftStateMachineException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public NoRaftStateMachineException() {
        super("No @RaftStateMachine bean found");
    }
}
