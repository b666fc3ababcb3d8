package dev.mlcompose.runner.run;

import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.run.ContainerSteps.Replica;
import dev.mlcompose.runner.spec.ServiceFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a {@link Plan} on the engine: each step as soon as the steps it comes after are done, awaits on the
 * engine's events (no thread waits), the others on the run's pool. It decides nothing: a failed step fails
 * the steps after it, and an await turns its dependency's failure into the dependant's ("cannot start app:
 * dependency db …"), or into a warning when the dependency is optional.
 */
final class PlanExecutor {

    private final Plan plan;
    private final ProjectResources resources;
    private final ContainerSteps containers;
    private final DependencyWaits waits;
    private final Supplier<Shutdown> shutdown;
    private final ExecutorService pool;
    private final Consumer<String> warnings;
    private final Map<Integer, CompletableFuture<Void>> done = new HashMap<>();
    /** The replicas as their steps leave them, by container name. */
    private final Map<String, Replica> replicas = new ConcurrentHashMap<>();

    PlanExecutor(Plan plan, ProjectResources resources, ContainerSteps containers, DependencyWaits waits,
                 Supplier<Shutdown> shutdown, ExecutorService pool, Consumer<String> warnings) {
        this.plan = plan;
        this.resources = resources;
        this.containers = containers;
        this.waits = waits;
        this.shutdown = shutdown;
        this.pool = pool;
        this.warnings = warnings;
    }

    /**
     * Schedules every step before awaiting any, so that independent services converge at once; returns the
     * containers of each service the plan converges, in its start order, once every step is done. The first
     * service that failed (in that order) throws.
     */
    Map<String, List<String>> execute() {
        plan.warnings().forEach(warnings);
        plan.steps().forEach(s -> { // a stopped replica that stays is there before its start
            if (s.operation() instanceof Operation.Start op && op.existing().isPresent()) {
                put(new Replica(op.existing().get().id(), op.name(), op.number(), true, OptionalLong.empty()));
            }
        });
        for (Plan.Step step : plan.steps()) {
            var ready = CompletableFuture.allOf(step.after().stream().map(done::get).toArray(CompletableFuture[]::new));
            done.put(step.id(), step.operation() instanceof Operation.Await await ? await(ready, await)
                    : step.operation() instanceof Operation.AwaitEnd end ? ready.thenCompose(v -> ended(end))
                    : ready.thenRunAsync(() -> act(step.operation()), pool));
        }
        var out = new LinkedHashMap<String, List<String>>();
        for (String service : plan.services()) {
            plan.steps().stream().filter(s -> s.operation().service().equals(service))
                    .forEach(s -> Background.join(done.get(s.id())));
            out.put(service, containersOf(service));
        }
        done.values().forEach(Background::join); // a one-off's awaits ({@code run}) belong to no service here
        return out;
    }

    private void act(Operation operation) {
        if (operation instanceof Operation.CreateNetwork || operation instanceof Operation.CreateVolume) {
            resources.create(containers.project(), operation);
        } else if (operation instanceof Operation.RemoveOrphans op) {
            try (var s = shutdown.get()) {
                s.stopAndRemove(op.containers(), Duration.ofSeconds(10), true);
            }
        } else if (operation instanceof Operation.Create op) {
            put(containers.create(op));
        } else if (operation instanceof Operation.Recreate op) {
            put(containers.recreate(op));
        } else if (operation instanceof Operation.Keep op) {
            put(containers.keep(op));
        } else if (operation instanceof Operation.Skip op) {
            put(containers.skip(op));
        } else if (operation instanceof Operation.Reuse op) {
            containers.reuse(op);
        } else if (operation instanceof Operation.Remove op) {
            containers.remove(op);
        } else if (operation instanceof Operation.PreStart op) {
            var mine = replicasOf(op.service());
            if (mine.stream().allMatch(Replica::toStart)) { // none was adopted running from another up
                containers.preStart(op, mine.stream().filter(r -> r.number() == op.number()).findFirst().orElseThrow());
            }
        } else if (operation instanceof Operation.Start op) {
            put(containers.start(replicas.get(op.name()), containers.service(op.service())));
        } else {
            throw new IllegalStateException("not acted on: " + operation);
        }
    }

    private CompletableFuture<Void> await(CompletableFuture<Void> ready, Operation.Await op) {
        var dependency = containers.service(op.dependency());
        boolean reused = plan.of(op.dependency()).stream().anyMatch(s -> s.operation() instanceof Operation.Reuse);
        return ready.thenCompose(v -> waits.reach(dependency, containersOf(op.dependency()), op.condition(), reused))
                .handle((v, error) -> {
                    if (error == null) {
                        return null;
                    }
                    String cause = DependencyWaits.rootMessage(error);
                    if (!op.required()) {
                        warnings.accept("service " + op.service() + ": optional dependency " + op.dependency() + " "
                                + cause + "; starting anyway");
                        return null;
                    }
                    String verb = op.oneOff() ? "cannot run " : "cannot start ";
                    throw new ServiceFailure(op.service(), verb + op.service() + ": dependency " + op.dependency() + " "
                            + cause);
                });
    }

    /** When a sweep's cell has ended, whether it succeeded or not: its place is free for the next. */
    private CompletableFuture<Void> ended(Operation.AwaitEnd op) {
        Replica cell = replicas.get(op.name());
        JobRun job = cell == null ? null : containers.jobs().get(cell.id());
        return job == null ? CompletableFuture.completedFuture(null)
                : job.completion().handle((attempt, error) -> null);
    }

    private void put(Replica r) {
        replicas.put(r.name(), r);
    }

    private List<Replica> replicasOf(String service) {
        var names = new ArrayList<String>();
        plan.of(service).forEach(s -> name(s.operation()).ifPresent(names::add));
        return names.stream().distinct().map(replicas::get).filter(Objects::nonNull)
                .sorted(Comparator.comparingInt(Replica::number)).toList();
    }

    private List<String> containersOf(String service) {
        return replicasOf(service).stream().map(Replica::id).toList();
    }

    /** The container a replica's operation leaves, by its (new) name. */
    private static Optional<String> name(Operation operation) {
        if (operation instanceof Operation.Create op) {
            return Optional.of(op.name());
        } else if (operation instanceof Operation.Recreate op) {
            return Optional.of(op.name());
        } else if (operation instanceof Operation.Keep op) {
            return Optional.of(op.container().name());
        } else if (operation instanceof Operation.Skip op) {
            return Optional.of(op.container().name());
        } else if (operation instanceof Operation.Start op) {
            return Optional.of(op.name());
        }
        return Optional.empty();
    }
}
