package io.raftboot.spring.boot.statemachine;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

import io.raftboot.api.CommandKind;
import io.raftboot.api.CommandSpec;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.spring.boot.annotation.ReadCommand;
import io.raftboot.spring.boot.annotation.Restore;
import io.raftboot.spring.boot.annotation.Snapshot;
import io.raftboot.spring.boot.annotation.WriteCommand;

/**
 * Reads the annotated methods of a {@code @RaftStateMachine} bean once, checks that every one can
 * bind, and builds an {@link AnnotatedStateMachine} whose handlers are pre-resolved method handles.
 */
public final class AnnotatedStateMachineFactory {

    private AnnotatedStateMachineFactory() {
    }

    /**
     * @throws InvalidRaftHandlerException    when a method cannot serve as a handler, or snapshot/restore are missing
     * @throws DuplicateRaftCommandException when two methods claim one command name
     */
    public static AnnotatedStateMachine create(Object bean) {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        List<Method> methods = annotatedMethods(targetClass);
        Map<String, Method> claimed = new LinkedHashMap<>();
        List<CommandSpec> commands = new ArrayList<>();
        Method snapshot = null;
        Method restore = null;
        for (Method method : methods) {
            WriteCommand write = AnnotatedElementUtils.findMergedAnnotation(method, WriteCommand.class);
            ReadCommand read = AnnotatedElementUtils.findMergedAnnotation(method, ReadCommand.class);
            boolean isSnapshot = AnnotatedElementUtils.hasAnnotation(method, Snapshot.class);
            boolean isRestore = AnnotatedElementUtils.hasAnnotation(method, Restore.class);
            int roles = (write != null ? 1 : 0) + (read != null ? 1 : 0) + (isSnapshot ? 1 : 0) + (isRestore ? 1 : 0);
            if (roles > 1) {
                throw new InvalidRaftHandlerException(method,
                        "has more than one of @WriteCommand, @ReadCommand, @Snapshot, @Restore; choose one");
            }
            if (Modifier.isStatic(method.getModifiers())) {
                throw new InvalidRaftHandlerException(method, "is static; handlers must be instance methods");
            }
            Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
            if (isSnapshot) {
                checkSnapshot(method, snapshot);
                snapshot = invocable;
            } else if (isRestore) {
                checkRestore(method, restore);
                restore = invocable;
            } else {
                CommandSpec spec = write != null ? writeSpec(bean, method, invocable, write) : readSpec(bean, method, invocable, read);
                Method previous = claimed.putIfAbsent(spec.lowerName(), method);
                if (previous != null) {
                    throw new DuplicateRaftCommandException(spec.name().toUpperCase(Locale.ROOT), previous, method);
                }
                commands.add(spec);
            }
        }
        String owner = targetClass.getSimpleName();
        if (commands.isEmpty()) {
            throw new InvalidRaftHandlerException(owner, "declares no @WriteCommand or @ReadCommand method");
        }
        if (snapshot == null || restore == null) {
            throw new InvalidRaftHandlerException(owner, "needs a @Snapshot method and a @Restore method so that Raft "
                    + "can compact its log and bring new members up to date (missing: "
                    + (snapshot == null && restore == null ? "both" : snapshot == null ? "@Snapshot" : "@Restore") + ")");
        }
        return new AnnotatedStateMachine(bean, commands, HandlerInvoker.spreadingHandle(bean, snapshot),
                snapshotAdapter(snapshot), HandlerInvoker.spreadingHandle(bean, restore), restoreAdapter(restore));
    }

    private static List<Method> annotatedMethods(Class<?> targetClass) {
        Set<Method> found = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<Boolean>) method -> isHandler(method) ? Boolean.TRUE : null).keySet();
        List<Method> methods = new ArrayList<>(found);
        // a stable order, so that start-up errors name the same methods every time
        methods.sort(Comparator.comparing(Method::getName).thenComparing(HandlerMethods::describe));
        return methods;
    }

    private static boolean isHandler(Method method) {
        return AnnotatedElementUtils.hasAnnotation(method, WriteCommand.class)
                || AnnotatedElementUtils.hasAnnotation(method, ReadCommand.class)
                || AnnotatedElementUtils.hasAnnotation(method, Snapshot.class)
                || AnnotatedElementUtils.hasAnnotation(method, Restore.class);
    }

    private static CommandSpec writeSpec(Object bean, Method method, Method invocable, WriteCommand annotation) {
        HandlerSignature signature = HandlerSignature.of(method);
        HandlerInvoker invoker = new HandlerInvoker(bean, invocable, signature.binders());
        Function<Object, Object> reply = replyFunction(method);
        CommandSpec.Builder builder = builder(method, annotation.value(), signature, CommandKind.WRITE,
                annotation.flags(), annotation.firstKey(), annotation.lastKey(), annotation.keyStep());
        return build(method, builder.handler((command, context, applier) ->
                applier.write(() -> invoker.invoke(command, context), reply)));
    }

    private static CommandSpec readSpec(Object bean, Method method, Method invocable, ReadCommand annotation) {
        HandlerSignature signature = HandlerSignature.of(method);
        HandlerInvoker invoker = new HandlerInvoker(bean, invocable, signature.binders());
        Function<Object, Object> reply = replyFunction(method);
        CommandSpec.Builder builder = builder(method, annotation.value(), signature, CommandKind.READ,
                annotation.flags(), annotation.firstKey(), annotation.lastKey(), annotation.keyStep());
        return build(method, builder.concurrentRead(annotation.concurrent()).handler((command, context, applier) ->
                applier.read(() -> invoker.invoke(command, context), reply)));
    }

    /** Made once per method: a method reference inside the handler lambda would allocate on every command. */
    private static Function<Object, Object> replyFunction(Method method) {
        return ReplyAdapter.forReturnType(method.getReturnType())::adapt;
    }

    private static CommandSpec.Builder builder(Method method, String declaredName, HandlerSignature signature,
                                               CommandKind kind, String[] flags, int firstKey, int lastKey, int keyStep) {
        String name = declaredName.isEmpty() ? method.getName() : declaredName;
        try {
            CommandSpec.Builder builder = CommandSpec.builder(name, signature.arity(), kind)
                    .flags(flags)
                    .validator(signature.validator());
            return firstKey == 0 ? builder.noKeys() : builder.keys(firstKey, lastKey, keyStep);
        } catch (IllegalArgumentException e) {
            throw new InvalidRaftHandlerException(method, e.getMessage());
        }
    }

    private static CommandSpec build(Method method, CommandSpec.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidRaftHandlerException(method, e.getMessage());
        }
    }

    private static void checkSnapshot(Method method, Method previous) {
        if (previous != null) {
            throw new InvalidRaftHandlerException(method, "is a second @Snapshot method (the first is "
                    + HandlerMethods.describe(previous) + ")");
        }
        if (method.getParameterCount() != 0) {
            throw new InvalidRaftHandlerException(method, "a @Snapshot method takes no parameters");
        }
        Class<?> type = method.getReturnType();
        if (!SnapshotWriter.class.isAssignableFrom(type) && type != byte[].class) {
            throw new InvalidRaftHandlerException(method, "a @Snapshot method returns a SnapshotWriter (or byte[]), not "
                    + type.getSimpleName());
        }
    }

    private static void checkRestore(Method method, Method previous) {
        if (previous != null) {
            throw new InvalidRaftHandlerException(method, "is a second @Restore method (the first is "
                    + HandlerMethods.describe(previous) + ")");
        }
        Class<?>[] types = method.getParameterTypes();
        if (types.length != 1 || (types[0] != InputStream.class && types[0] != byte[].class)) {
            throw new InvalidRaftHandlerException(method, "a @Restore method takes exactly one InputStream (or byte[]) parameter");
        }
    }

    private static AnnotatedStateMachine.SnapshotAdapter snapshotAdapter(Method method) {
        String description = HandlerMethods.describe(method);
        if (method.getReturnType() == byte[].class) {
            return captured -> {
                byte[] bytes = (byte[]) requireCaptured(captured, description);
                return out -> out.write(bytes);
            };
        }
        return captured -> (SnapshotWriter) requireCaptured(captured, description);
    }

    private static Object requireCaptured(Object captured, String description) {
        if (captured == null) {
            throw new IllegalStateException(description + " returned null; it must return the captured state");
        }
        return captured;
    }

    private static AnnotatedStateMachine.RestoreAdapter restoreAdapter(Method method) {
        if (method.getParameterTypes()[0] == byte[].class) {
            return InputStream::readAllBytes;
        }
        return in -> in;
    }
}
