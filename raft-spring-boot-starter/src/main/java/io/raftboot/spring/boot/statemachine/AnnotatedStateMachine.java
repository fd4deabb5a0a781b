package io.raftboot.spring.boot.statemachine;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.util.List;

import io.raftboot.api.CommandSpec;
import io.raftboot.api.KeyspaceReporter;
import io.raftboot.api.KeyspaceStats;
import io.raftboot.api.SnapshotWriter;
import io.raftboot.api.StateMachine;

/**
 * A {@link StateMachine} backed by the annotated methods of a {@code @RaftStateMachine} bean. Built
 * by {@link AnnotatedStateMachineFactory}; everything reflective happened there. A bean that
 * implements {@link KeyspaceReporter} has its key counts shown by {@code INFO keyspace}.
 */
public final class AnnotatedStateMachine implements StateMachine, KeyspaceReporter {

    private final Object bean;
    private final List<CommandSpec> commands;
    private final MethodHandle snapshot;
    private final SnapshotAdapter snapshotAdapter;
    private final MethodHandle restore;
    private final RestoreAdapter restoreAdapter;

    AnnotatedStateMachine(Object bean, List<CommandSpec> commands, MethodHandle snapshot,
                          SnapshotAdapter snapshotAdapter, MethodHandle restore, RestoreAdapter restoreAdapter) {
        this.bean = bean;
        this.commands = List.copyOf(commands);
        this.snapshot = snapshot;
        this.snapshotAdapter = snapshotAdapter;
        this.restore = restore;
        this.restoreAdapter = restoreAdapter;
    }

    /** The {@code @RaftStateMachine} bean this adapter calls. */
    public Object getBean() {
        return bean;
    }

    @Override
    public List<CommandSpec> commands() {
        return commands;
    }

    /** The bean's key counts, or null when it does not report them. */
    @Override
    public KeyspaceStats keyspaceStats() {
        return bean instanceof KeyspaceReporter reporter ? reporter.keyspaceStats() : null;
    }

    @Override
    public SnapshotWriter snapshot() {
        Object captured;
        try {
            captured = (Object) snapshot.invokeExact(new Object[0]);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("@Snapshot method of " + bean.getClass().getSimpleName() + " failed", e);
        }
        return snapshotAdapter.adapt(captured);
    }

    @Override
    public void restore(InputStream in) throws IOException {
        Object argument = restoreAdapter.adapt(in);
        try {
            Object ignored = (Object) restore.invokeExact(new Object[] {argument});
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("@Restore method of " + bean.getClass().getSimpleName() + " failed", e);
        }
    }

    /** Turns what the {@code @Snapshot} method returned into a writer. */
    @FunctionalInterface
    interface SnapshotAdapter {
        SnapshotWriter adapt(Object captured);
    }

    /** Turns the snapshot stream into the {@code @Restore} method's argument. */
    @FunctionalInterface
    interface RestoreAdapter {
        Object adapt(InputStream in) throws IOException;
    }
}
