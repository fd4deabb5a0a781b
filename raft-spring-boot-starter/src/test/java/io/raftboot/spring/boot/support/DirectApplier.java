package io.raftboot.spring.boot.support;

import java.util.function.Function;
import java.util.function.Supplier;

import io.raftboot.api.Applier;

/** Runs a handler's mutation or read at once and builds the reply, as on the member that received it. */
public class DirectApplier implements Applier {

    @Override
    public <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond) {
        return respond.apply(mutate.get());
    }

    @Override
    public <T> Object read(Supplier<T> read, Function<? super T, ?> respond) {
        return respond.apply(read.get());
    }
}
