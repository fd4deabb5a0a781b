package io.raftboot.spring.boot.statemachine;

import io.raftboot.api.Status;

/** Turns a handler's return value into a reply; chosen once per method from its declared return type. */
@FunctionalInterface
interface ReplyAdapter {

    ReplyAdapter AS_IS = value -> value;

    Object adapt(Object value);

    static ReplyAdapter forReturnType(Class<?> type) {
        if (type == void.class) {
            return value -> Status.OK;
        }
        if (type == String.class || type == byte[].class || type == long.class || type == Long.class
                || type == int.class || type == Integer.class || type == Status.class) {
            return AS_IS;
        }
        return ReplyValues::normalize;
    }
}
