package dev.mlcompose.runner.run;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The user's interrupt (Ctrl-C) of a {@link ProjectRunner}, shared with the runners it makes {@code withRecording}
 * (an interrupt of either stops both): once set, no further container is started, and the waits in progress end.
 */
final class Interruption {

    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** The watches of the starts in progress, which {@link #interrupt()} cancels. */
    private final Set<ContainerWatch> watching = ConcurrentHashMap.newKeySet();

    void interrupt() {
        interrupted.set(true);
        watching.forEach(ContainerWatch::cancel); // a dependency that never gets ready is not waited for
    }

    boolean interrupted() {
        return interrupted.get();
    }

    /** Runs {@code work}, whose waits on {@code watch} an {@link #interrupt()} meanwhile ends. */
    <T> T cancellable(ContainerWatch watch, Supplier<T> work) {
        watching.add(watch);
        try {
            if (interrupted.get()) {
                watch.cancel();
            }
            return work.get();
        } finally {
            watching.remove(watch);
        }
    }
}
