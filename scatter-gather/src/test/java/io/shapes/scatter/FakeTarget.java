package io.shapes.scatter;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** A target the test answers by hand, recording whether its call was cancelled. */
final class FakeTarget<T> {
    private final AtomicReference<UniEmitter<? super T>> emitter = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    Uni<T> call() {
        return Uni.createFrom().<T>emitter(emitter::set).onCancellation().invoke(() -> cancelled.set(true));
    }

    void answer(T value) {
        emitter.get().complete(value);
    }

    void fail(Throwable error) {
        emitter.get().fail(error);
    }

    boolean wasCancelled() {
        return cancelled.get();
    }
}
