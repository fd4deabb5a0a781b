package io.raftboot.api;

import java.util.function.Function;
import java.util.function.Supplier;

/** {@link Applier#immediate()}. */
enum ImmediateApplier implements Applier {
    INSTANCE;

    @Override
    public <T> Object write(Supplier<T> mutate, Function<? super T, ?> respond) {
        return respond.apply(mutate.get());
    }

    @Override
    public <T> Object read(Supplier<T> read, Function<? super T, ?> respond) {
        return respond.apply(read.get());
    }
}
