package io.raftboot.spring.boot.statemachine;

import java.lang.reflect.Method;

/** A method of the {@code @RaftStateMachine} bean that cannot serve as a handler, and why. */
public class InvalidRaftHandlerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String handler;
    private final String problem;

    public InvalidRaftHandlerException(Method method, String problem) {
        this(HandlerMethods.describe(method), problem);
    }

    public InvalidRaftHandlerException(String handler, String problem) {
        super(handler + ": " + problem);
        this.handler = handler;
        this.problem = problem;
    }

    /** The method (or class) at fault, e.g. {@code KvStore.set(String, String)}. */
    public String getHandler() {
        return handler;
    }

    public String getProblem() {
        return problem;
    }
}
