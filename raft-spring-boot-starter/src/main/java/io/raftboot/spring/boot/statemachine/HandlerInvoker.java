package io.raftboot.spring.boot.statemachine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.CommandException;

/**
 * Calls one handler method on its bean through a method handle resolved at start-up: a call binds
 * the arguments and invokes, with no reflective lookup.
 */
final class HandlerInvoker {

    private final String description;
    private final ArgumentBinder[] binders;
    /** (Object[]) -> Object, bound to the bean. */
    private final MethodHandle handle;

    HandlerInvoker(Object bean, Method method, ArgumentBinder[] binders) {
        this.description = HandlerMethods.describe(method);
        this.binders = binders.clone();
        this.handle = spreadingHandle(bean, method);
    }

    static MethodHandle spreadingHandle(Object bean, Method method) {
        try {
            method.setAccessible(true);
            MethodHandle direct = MethodHandles.lookup().unreflect(method).bindTo(bean);
            int count = method.getParameterCount();
            return direct.asSpreader(Object[].class, count)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException | RuntimeException e) {
            throw new InvalidRaftHandlerException(method, "cannot be called by the starter: " + e.getMessage());
        }
    }

    Object invoke(Command command, CommandContext context) {
        Object[] arguments = new Object[binders.length];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = binders[i].bind(command, context);
        }
        return invoke(handle, arguments);
    }

    /** Runtime exceptions and errors pass unchanged; a checked exception becomes the error reply. */
    static Object invoke(MethodHandle handle, Object[] arguments) {
        try {
            return (Object) handle.invokeExact(arguments);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new CommandException(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
