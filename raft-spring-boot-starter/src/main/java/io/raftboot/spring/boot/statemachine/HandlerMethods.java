package io.raftboot.spring.boot.statemachine;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Names handler methods the way error messages show them: {@code KvStore.set(String, byte[])}. */
final class HandlerMethods {

    private HandlerMethods() {
    }

    static String describe(Method method) {
        String parameters = Arrays.stream(method.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(", "));
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters + ")";
    }
}
