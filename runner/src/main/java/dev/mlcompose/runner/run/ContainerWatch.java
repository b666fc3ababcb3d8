package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.spec.Labels;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Waits on containers from the engine's event stream (start, die, oom, health_status), not by polling
 * (compose polls every 500 ms): on each event for a watched container it inspects that container once and
 * re-evaluates its waits. Every wait has a deadline.
 */
public final class ContainerWatch implements AutoCloseable {

    /** What a wait decides from a state: done (value), failed (message), or not yet. */
    public sealed interface Verdict permits Verdict.Done, Verdict.Failed, Verdict.Pending {
        /** Not yet: the wait goes on until its deadline. */
        Verdict PENDING = new Pending();

        record Done(ContainerState state) implements Verdict { }

        record Failed(String message) implements Verdict { }

        record Pending() implements Verdict { }
    }

    private record Wait(Function<ContainerState, Verdict> test, CompletableFuture<ContainerState> result,
                        Function<ContainerState, String> onTimeout) {
    }

    private final Engine engine;
    private final Map<String, List<Wait>> waits = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlcompose-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final Closeable subscription;
    private final WatchedStates states;
    private final List<Consumer<EngineEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    public ContainerWatch(Engine engine, String project) {
        this.engine = engine;
        this.states = new WatchedStates(engine);
        this.subscription = engine.events(Map.of(Labels.PROJECT, project), this::onEvent);
    }

    /**
     * Completes when {@code test} says so for the container; fails with the test's message, or at the
     * deadline with {@code onTimeout}'s description of the last state.
     */
    public CompletableFuture<ContainerState> await(String id, Duration deadline, Function<ContainerState, Verdict> test,
                                                   Function<ContainerState, String> onTimeout) {
        return await(id, deadline, test, onTimeout, null);
    }

    /**
     * As {@link #await(String, Duration, Function, Function)}, first trying {@code listed}, the container's state
     * from a listing of the project: when that already satisfies the test, no inspect is needed (one listing
     * instead of an inspect per container). Anything else is decided on the inspected state.
     */
    CompletableFuture<ContainerState> await(String id, Duration deadline, Function<ContainerState, Verdict> test,
                                            Function<ContainerState, String> onTimeout, ContainerState listed) {
        if (listed != null && test.apply(listed) instanceof Verdict.Done done) {
            return CompletableFuture.completedFuture(done.state());
        }
        var wait = new Wait(test, new CompletableFuture<>(), onTimeout);
        waits.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(wait);
        if (cancelled) {
            cancel(); // came after the cancel: ends as those before it did
        }
        timer.schedule(() -> expire(id, wait), deadline.toMillis(), TimeUnit.MILLISECONDS);
        evaluate(id); // the state may already be final: events before the subscription are not replayed
        return wait.result();
    }

    /** Hands every event of the project to {@code listener} too; one that is closeable is closed with the watch. */
    void listen(Consumer<EngineEvent> listener) {
        listeners.add(listener);
    }

    /**
     * From now on a container whose health is {@code starting} counts as healthy: a run of its healthcheck by
     * mlcompose passed ({@link StartIntervalProbes}).
     */
    void vouchHealthy(String id) {
        states.vouchHealthy(id);
        evaluate(id);
    }

    /** The user interrupted: every wait, now and later, ends at once with a {@link CancellationException}. */
    void cancel() {
        cancelled = true;
        waits.values().forEach(pending -> {
            pending.forEach(w -> w.result().completeExceptionally(new CancellationException("canceled")));
            pending.clear();
        });
    }

    private void onEvent(EngineEvent event) {
        listeners.forEach(l -> l.accept(event));
        if (waits.containsKey(event.containerId())) {
            evaluate(event.containerId());
        }
    }

    private void evaluate(String id) {
        List<Wait> pending = waits.get(id);
        if (pending == null || pending.isEmpty()) {
            return;
        }
        ContainerState state;
        try {
            state = states.read(id);
        } catch (RuntimeException e) {
            pending.forEach(w -> w.result().completeExceptionally(e));
            pending.clear();
            return;
        }
        for (Wait wait : pending) {
            Verdict verdict = wait.test().apply(state);
            if (verdict instanceof Verdict.Done done) {
                wait.result().complete(done.state());
                pending.remove(wait);
            } else if (verdict instanceof Verdict.Failed failed) {
                wait.result().completeExceptionally(new IllegalStateException(failed.message()));
                pending.remove(wait);
            }
        }
    }

    private void expire(String id, Wait wait) {
        if (wait.result().isDone()) {
            return;
        }
        String detail;
        try {
            detail = wait.onTimeout().apply(engine.inspect(id));
        } catch (RuntimeException e) {
            detail = e.getMessage();
        }
        wait.result().completeExceptionally(new IllegalStateException(detail));
        waits.getOrDefault(id, List.of()).remove(wait);
    }

    @Override
    public void close() {
        EngineStreams.close(subscription);
        listeners.stream().filter(AutoCloseable.class::isInstance).forEach(l -> {
            try {
                ((AutoCloseable) l).close();
            } catch (Exception e) {
                // a companion's timers: nothing left to release
            }
        });
        timer.shutdownNow();
    }
}
