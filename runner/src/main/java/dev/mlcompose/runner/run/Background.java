package dev.mlcompose.runner.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The runner's threads: all daemons, so that a stuck engine call never keeps the CLI's JVM alive after it has
 * reported, and futures whose failures come back as the exception that was thrown rather than wrapped.
 */
public final class Background {

    private Background() {
    }

    /** Runs {@code task} on a daemon thread of its own; the future carries its result or its failure. */
    public static <T> CompletableFuture<T> inBackground(String name, Supplier<T> task) {
        var result = new CompletableFuture<T>();
        daemon(name).newThread(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }).start();
        return result;
    }

    /** The future's result; its failure rethrown as the {@link RuntimeException} it was, not wrapped. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Threads named {@code name} that do not keep the JVM alive. */
    public static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
