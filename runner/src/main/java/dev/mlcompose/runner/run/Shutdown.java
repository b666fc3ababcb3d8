package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.ShutdownPlanner;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

    private final Engine engine;
    private final ProgressListener progress;
    /** Subscribed from the start; an unordered shutdown drops it, an ordered one hands it to its {@link Order}. */
    private final ExpectedExits subscribed;
    private final Optional<Project> model;
    private final Hooks hooks;
    private final ContainerRemoval removal;
    private volatile Consumer<ContainerState> beforeRemoval = c -> { };

    Shutdown(Engine engine, ProgressListener progress, String project) {
        this(engine, progress, project, Optional.empty());
    }

    /** {@code model}: the project as its Compose file describes it, when that was read; its pre_stop hooks run. */
    Shutdown(Engine engine, ProgressListener progress, String project, Optional<Project> model) {
        this.engine = engine;
        this.progress = progress;
        this.subscribed = ExpectedExits.watch(engine, project);
        this.model = model;
        this.hooks = new Hooks(engine);
        this.removal = new ContainerRemoval(engine);
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
            new Order(ordered ? subscribed : ExpectedExits.NONE, timeout, pool).run(plan);
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
        private final ExpectedExits exits;
        private final Duration timeout;
        private final ExecutorService pool;
        private final Map<Integer, CompletableFuture<Void>> done = new HashMap<>();
        private final Map<String, CompletableFuture<Void>> stopReturned = new HashMap<>();
        private final List<CompletableFuture<Void>> finished = new ArrayList<>();

        Order(ExpectedExits exits, Duration timeout, ExecutorService pool) {
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
        removal.remove(c);
        progress.on(ProgressEvent.container(c.name(), Status.REMOVED));
    }
}
