package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.ShutdownPlanner;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.Closeable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Stops containers in reverse dependency order, in parallel where the graph allows, as the {@link ShutdownPlanner}
 * plans it: a service is stopped once every service that depends on it has exited.
 *
 * <p>A dependant counts as stopped when its processes have exited (the engine's {@code die} event), not when
 * the engine's {@code stop} call returns: that call also waits for the engine's clean-up of the container
 * (network endpoint, mounts), about 50 ms per container, which no dependency needs to wait for. Each container
 * is removed only after its {@code stop} returned. The event stream opens when the shutdown is made, while the
 * caller lists the containers; the first stops do not wait for it: an exit that came before the stream opened
 * is found by asking the engine once, when it opens.
 *
 * <p>With the project's model, a service's {@code pre_stop} hooks run in each of its running containers before it
 * is stopped (compose's {@code down.go} {@code stopContainer}). A failing hook leaves its container running, and
 * with it the services it depends on; the rest is stopped and removed, and then the shutdown fails with the hook's
 * status and output, as compose's {@code down} and {@code stop} fail.
 */
final class Shutdown implements AutoCloseable {

    /** How often (every 100 ms) a container that another down is removing is looked for, before giving up. */
    private static final int REMOVAL_LOOKS = 300;

    private final Engine engine;
    private final ProgressListener progress;
    /** Subscribed from the start; an unordered shutdown drops it, an ordered one hands it to its {@link Order}. */
    private final Exits subscribed;
    private final Optional<Project> model;
    private final Hooks hooks;
    private volatile Consumer<ContainerState> beforeRemoval = c -> { };

    Shutdown(Engine engine, ProgressListener progress, String project) {
        this(engine, progress, project, Optional.empty());
    }

    /** {@code model}: the project as its Compose file describes it, when that was read; its pre_stop hooks run. */
    Shutdown(Engine engine, ProgressListener progress, String project, Optional<Project> model) {
        this.engine = engine;
        this.progress = progress;
        this.subscribed = Exits.watch(engine, project);
        this.model = model;
        this.hooks = new Hooks(engine);
    }

    /** Executes the {@link ShutdownPlanner}'s plan for {@code containers}; then the first failure, if any, is thrown. */
    void stopAndRemove(List<ContainerState> containers, Duration timeout, boolean remove) {
        Plan plan = ShutdownPlanner.plan(containers, remove);
        boolean ordered = plan.steps().stream().anyMatch(s -> s.operation() instanceof Operation.Stop
                && !s.after().isEmpty());
        if (!ordered) {
            subscribed.close(); // only an ordered shutdown has anyone waiting for an exit
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(2, containers.size()),
                Background.daemon("mlcompose-stop"));
        try {
            new Order(ordered ? subscribed : Exits.NONE, timeout, pool).run(plan);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Has {@code action} done to each container once it is stopped, before it is removed (and its log with it). */
    Shutdown beforeRemoval(Consumer<ContainerState> action) {
        this.beforeRemoval = action;
        return this;
    }

    @Override
    public void close() {
        subscribed.close();
    }

    /**
     * One shutdown's futures. A stop step is done when the container's processes have exited (what its
     * dependencies wait for); its removal waits for the stop call itself to return (the engine's clean-up).
     */
    private final class Order {
        private final Exits exits;
        private final Duration timeout;
        private final ExecutorService pool;
        private final Map<Integer, CompletableFuture<Void>> done = new HashMap<>();
        private final Map<String, CompletableFuture<Void>> stopReturned = new HashMap<>();
        private final List<CompletableFuture<Void>> finished = new java.util.ArrayList<>();

        Order(Exits exits, Duration timeout, ExecutorService pool) {
            this.exits = exits;
            this.timeout = timeout;
            this.pool = pool;
        }

        void run(Plan plan) {
            for (Plan.Step step : plan.steps()) {
                var before = CompletableFuture.allOf(step.after().stream().map(done::get)
                        .toArray(CompletableFuture[]::new));
                if (step.operation() instanceof Operation.Stop op) {
                    var exit = new CompletableFuture<Void>();
                    var stopped = before.thenRunAsync(() -> stop(op.container(), exit), pool);
                    stopped.whenComplete((x, failure) -> {
                        if (failure != null) {
                            exit.completeExceptionally(failure);
                        }
                    });
                    stopReturned.put(op.container().id(), stopped);
                    finished.add(stopped);
                    done.put(step.id(), exit);
                } else if (step.operation() instanceof Operation.Remove op) {
                    var stopped = stopReturned.getOrDefault(op.container().id(), before);
                    var removed = stopped.thenRunAsync(() -> remove(op.container()), pool);
                    finished.add(removed);
                    done.put(step.id(), removed);
                } else {
                    throw new IllegalStateException("not a shutdown step: " + step);
                }
            }
            Background.join(CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)));
        }

        private void stop(ContainerState c, CompletableFuture<Void> exit) {
            preStop(c);
            // only a die after the stop was asked for counts: an earlier one may be followed by a restart
            exits.expect(c.id(), exit);
            // reported at the exit, which is also what lets its dependencies go: the lines read in order
            exit.thenRun(() -> progress.on(ProgressEvent.container(c.name(), Status.STOPPED)));
            progress.on(ProgressEvent.container(c.name(), Status.STOPPING));
            // removed by another down of this project meanwhile
            EngineException.unlessGone(() -> engine.stop(c.id(), timeout));
            exit.complete(null);
        }
    }

    /** The service's pre_stop hooks; a container that stopped meanwhile has none to run (compose ignores it too). */
    private void preStop(ContainerState c) {
        var service = model.flatMap(p -> p.service(c.label(Labels.SERVICE)))
                .filter(s -> c.label(Labels.HOOK).isEmpty() && !s.lifecycle().preStop().isEmpty());
        if (service.isEmpty()) {
            return;
        }
        try {
            hooks.run(service.get(), c.id(), Hooks.PRE_STOP, service.get().lifecycle().preStop());
        } catch (ServiceFailure failure) {
            if (!Hooks.containerGone(failure)) {
                throw failure;
            }
        }
    }

    private void remove(ContainerState c) {
        beforeRemoval.accept(c);
        try {
            engine.remove(c.id(), true);
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.CONFLICT && String.valueOf(e.reason()).contains("already in progress")) {
                awaitRemoved(c, e); // another down of this project removes it: its networks can go once it is gone
            } else if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        progress.on(ProgressEvent.container(c.name(), Status.REMOVED));
    }

    private void awaitRemoved(ContainerState c, EngineException refusal) {
        var looks = Retry.of("removal of " + c.name(), RetryConfig.<Boolean>custom().maxAttempts(REMOVAL_LOOKS)
                .waitDuration(Duration.ofMillis(100)).retryOnResult(present -> present).build());
        if (looks.executeSupplier(() -> exists(c.id()))) {
            throw refusal;
        }
    }

    private boolean exists(String id) {
        try {
            engine.inspect(id);
            return true;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Completes the expected containers' exits on their {@code die} events. */
    private static final class Exits implements Closeable {
        static final Exits NONE = new Exits(Map.of(), CompletableFuture.completedFuture(() -> { }));
        private final Map<String, CompletableFuture<Void>> expected;
        private final CompletableFuture<Closeable> stream;

        private Exits(Map<String, CompletableFuture<Void>> expected, CompletableFuture<Closeable> stream) {
            this.expected = expected;
            this.stream = stream;
        }

        /** Subscribes on a thread of its own; exits that came before the stream opened are caught up then. */
        static Exits watch(Engine engine, String project) {
            var expected = new ConcurrentHashMap<String, CompletableFuture<Void>>();
            var stream = Background.inBackground("mlcompose-stop-events", () -> engine.events(
                    Map.of(Labels.PROJECT, project), e -> {
                        var exit = e.action().equals("die") ? expected.get(e.containerId()) : null;
                        if (exit != null) {
                            exit.complete(null);
                        }
                    }));
            var exits = new Exits(expected, stream);
            stream.thenRun(() -> exits.catchUp(engine));
            return exits;
        }

        /** Completes the expected exits that happened before the stream opened: one inspect each, at most. */
        private void catchUp(Engine engine) {
            expected.forEach((id, exit) -> {
                try {
                    if (!exit.isDone() && !engine.inspect(id).isRunning()) {
                        exit.complete(null);
                    }
                } catch (EngineException e) {
                    if (e.kind() == EngineException.Kind.NOT_FOUND) {
                        exit.complete(null); // removed already: exited
                    }
                }
            });
        }

        void expect(String id, CompletableFuture<Void> exit) {
            if (this != NONE) {
                expected.put(id, exit);
            }
        }

        @Override
        public void close() {
            stream.thenAccept(EngineStreams::close);
        }
    }
}
