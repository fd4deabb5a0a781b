package io.raftboot.spring.boot.statemachine;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.raftboot.api.Command;
import io.raftboot.api.CommandContext;
import io.raftboot.api.Validator;

/**
 * How a handler method's parameters bind to a command, worked out once at start-up: one binder per
 * parameter, the Redis-style arity the signature implies, and a validator that runs every
 * conversion before anything is logged.
 *
 * @param binders   one per method parameter, in order
 * @param arity     argument count including the name; negative when a trailing parameter takes the rest
 * @param validator converts every typed argument and discards the result
 */
record HandlerSignature(ArgumentBinder[] binders, int arity, Validator validator) {

    static final String SUPPORTED = "byte[], String, long, int, double, boolean (or their boxed forms), "
            + "a trailing String..., byte[]..., List<String> or List<byte[]>, CommandContext, Command";

    static HandlerSignature of(Method method) {
        Class<?>[] types = method.getParameterTypes();
        Type[] genericTypes = method.getGenericParameterTypes();
        ArgumentBinder[] binders = new ArgumentBinder[types.length];
        List<ArgumentBinder> converting = new ArrayList<>();
        int position = 1;
        boolean restTaken = false;
        for (int i = 0; i < types.length; i++) {
            Class<?> type = types[i];
            if (type == CommandContext.class) {
                binders[i] = (command, context) -> context;
                continue;
            }
            if (type == Command.class) {
                binders[i] = (command, context) -> command;
                continue;
            }
            if (restTaken) {
                throw new InvalidRaftHandlerException(method, "parameter " + (i + 1) + " (" + type.getSimpleName()
                        + ") follows the parameter that takes the remaining arguments; only CommandContext or "
                        + "Command may come after it");
            }
            ArgumentBinder rest = restBinder(type, genericTypes[i], position);
            if (rest != null) {
                binders[i] = rest;
                restTaken = true;
                continue;
            }
            int index = position++;
            ArgumentBinder single = singleBinder(type, index);
            if (single == null) {
                throw new InvalidRaftHandlerException(method, "parameter " + (i + 1) + " has type "
                        + genericTypes[i].getTypeName() + ", which cannot bind from a command argument; supported: "
                        + SUPPORTED);
            }
            binders[i] = single;
            if (type != String.class && type != byte[].class) {
                converting.add(single);
            }
        }
        int arity = restTaken ? -position : position;
        return new HandlerSignature(binders, arity, validator(converting));
    }

    private static Validator validator(List<ArgumentBinder> converting) {
        if (converting.isEmpty()) {
            return Validator.NONE;
        }
        ArgumentBinder[] checks = converting.toArray(new ArgumentBinder[0]);
        return command -> {
            for (ArgumentBinder check : checks) {
                check.bind(command, null);
            }
        };
    }

    private static ArgumentBinder singleBinder(Class<?> type, int index) {
        if (type == byte[].class) {
            return (command, context) -> command.arg(index);
        }
        if (type == String.class) {
            return (command, context) -> command.string(index);
        }
        if (type == long.class || type == Long.class) {
            return (command, context) -> command.longArg(index);
        }
        if (type == int.class || type == Integer.class) {
            return (command, context) -> command.intArg(index);
        }
        if (type == double.class || type == Double.class) {
            return (command, context) -> command.doubleArg(index);
        }
        if (type == boolean.class || type == Boolean.class) {
            return (command, context) -> ArgumentConversions.booleanArg(command, index);
        }
        return null;
    }

    private static ArgumentBinder restBinder(Class<?> type, Type genericType, int from) {
        if (type == String[].class) {
            return (command, context) -> {
                String[] rest = new String[command.size() - from];
                for (int i = 0; i < rest.length; i++) {
                    rest[i] = command.string(from + i);
                }
                return rest;
            };
        }
        if (type == byte[][].class) {
            return (command, context) -> {
                byte[][] rest = new byte[command.size() - from][];
                for (int i = 0; i < rest.length; i++) {
                    rest[i] = command.arg(from + i);
                }
                return rest;
            };
        }
        if (type == List.class && genericType instanceof ParameterizedType parameterized) {
            Type element = parameterized.getActualTypeArguments()[0];
            if (element == String.class) {
                return (command, context) -> {
                    List<String> rest = new ArrayList<>(command.size() - from);
                    for (int i = from; i < command.size(); i++) {
                        rest.add(command.string(i));
                    }
                    return Collections.unmodifiableList(rest);
                };
            }
            if (element == byte[].class) {
                return (command, context) -> Collections.unmodifiableList(command.rest(from));
            }
        }
        return null;
    }
}
