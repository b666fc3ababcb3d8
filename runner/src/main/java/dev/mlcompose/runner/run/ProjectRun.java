package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.schema.model.Project;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A project being brought up, and what keeps watching it: the engine's event stream, the job runs with
 * their retries and deadlines, the GPU allocator. {@code up} closes it as soon as it returns; {@code train}
 * keeps it open until its jobs are done.
 */
final class ProjectRun implements AutoCloseable {

    private final ExecutorService pool;
    private final ScheduledExecutorService scheduler;
    private final ContainerWatch watch;
    private final GpuScheduling gpus;
    private final Startup startup;
    private final Map<String, List<String>> containers = new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();

    private ProjectRun(Engine engine, Project project, ServiceGraph graph, Set<String> selected,
                       List<ContainerState> observed, UpRequest request, GpuScheduling gpus,
                       Map<String, String> imageIds, ContainerWatch watch, ProgressListener progress,
                       Consumer<String> warnings, java.util.function.BooleanSupplier interrupted) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, request.parallel()), ProjectRunner.daemon("mlcompose-start"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(ProjectRunner.daemon("mlcompose-retries"));
        this.watch = watch;
        this.gpus = gpus;
        this.startup = new Startup(engine, project, graph, selected, observed, request, watch, progress, pool, warnings,
                new Startup.Means(imageIds, gpus, scheduler, () -> cancelled.get() || interrupted.getAsBoolean()));
    }

    /** Starts every selected service as soon as its dependencies allow; returns once all are started. */
    static ProjectRun start(Engine engine, Project project, ServiceGraph graph, Set<String> selected,
                            List<ContainerState> observed, UpRequest request, GpuScheduling gpus,
                            Map<String, String> imageIds, ContainerWatch watch, ProgressListener progress,
                            Consumer<String> warnings, java.util.function.BooleanSupplier interrupted) {
        var run = new ProjectRun(engine, project, graph, selected, observed, request, gpus, imageIds, watch, progress,
                warnings, interrupted);
        try {
            // every service's start is scheduled before any is awaited: independent branches run at once
            var pending = new LinkedHashMap<String, CompletableFuture<Startup.Started>>();
            graph.startOrder().stream().filter(selected::contains).forEach(s -> pending.put(s, run.startup.start(s)));
            pending.forEach((service, future) -> run.containers.put(service, ProjectRunner.join(future).containerIds()));
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    Map<String, List<String>> containers() {
        return containers;
    }

    ContainerWatch watch() {
        return watch;
    }

    Startup startup() {
        return startup;
    }

    /** The job run of a container, when it runs a job. */
    java.util.Optional<JobRun> job(String containerId) {
        return java.util.Optional.ofNullable(startup.jobs().get(containerId));
    }

    /** The user interrupted: jobs that end from now on are not retried. */
    void cancel() {
        cancelled.set(true);
    }

    @Override
    public void close() {
        watch.close();
        gpus.close();
        pool.shutdownNow();
        scheduler.shutdownNow();
    }
}
