package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A docker-java stream callback that hands each item to a consumer and exposes start and end as futures,
 * so a caller can wait until the engine accepted the request (and see its error) before returning.
 */
final class Subscription<T> extends ResultCallback.Adapter<T> {

    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Consumer<T> sink;
    private final Runnable atEnd;

    Subscription(Consumer<T> sink, Runnable atEnd) {
        this.sink = sink;
        this.atEnd = atEnd;
    }

    @Override
    public void onStart(Closeable stream) {
        super.onStart(stream);
        started.complete(null);
    }

    @Override
    public void onNext(T item) {
        sink.accept(item);
    }

    @Override
    public void onError(Throwable failure) {
        started.completeExceptionally(failure);
        if (!finished.isDone()) {
            atEnd.run();
        }
        finished.completeExceptionally(failure);
        super.onError(failure);
    }

    @Override
    public void onComplete() {
        started.complete(null);
        if (!finished.isDone()) {
            atEnd.run();
        }
        finished.complete(null);
        super.onComplete();
    }

    @Override
    public void close() {
        finished.complete(null);
        try {
            super.close();
        } catch (IOException e) {
            // The stream is going away either way.
        }
    }
}
