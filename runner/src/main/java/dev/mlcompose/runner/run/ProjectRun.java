package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.Recording;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.schema.model.Project;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
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
    private final ContainerSteps steps;
    private final DependencyWaits waits;
    private final RunRecorder recorder;
    /** False when the recorder is a {@code run}'s, which records its one-off after this closes. */
    private final boolean ownsRecorder;
    private final Project project;
    private final Map<String, List<String>> containers = new LinkedHashMap<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private ProjectRun(Engine engine, Project project, UpRequest request, Recording recording,
                       Optional<RunRecorder> shared, GpuScheduling gpus,
                       ObservedState observed, ContainerWatch watch, ProgressListener progress,
                       Consumer<String> warnings, BooleanSupplier interrupted) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, request.parallel()), Background.daemon("mlcompose-start"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Background.daemon("mlcompose-retries"));
        this.watch = watch;
        this.gpus = gpus;
        this.project = project;
        this.recorder = shared.orElseGet(() -> new RunRecorder(engine, project, Optional.of(recording.history(project)),
                recording.command(), recording.skips(), warnings));
        this.ownsRecorder = shared.isEmpty();
        ProgressListener recorded = event -> {
            progress.on(event);
            recorder.on(event);
        };
        this.steps = new ContainerSteps(new ContainerSteps.Context(engine, project, request, recorded, gpus, watch,
                scheduler, () -> cancelled.get() || interrupted.getAsBoolean(), observed, recorder));
        this.waits = new DependencyWaits(engine, watch, recorded, steps.jobs(), request.longWait());
    }

    /** Executes the plan: every service starts as soon as its dependencies allow; returns once all are started. */
    static ProjectRun start(Engine engine, Project project, Plan plan, UpRequest request, Recording recording,
                            Optional<RunRecorder> shared, GpuScheduling gpus,
                            ObservedState observed, ContainerWatch watch, ProgressListener progress,
                            Consumer<String> warnings, BooleanSupplier interrupted) {
        var run = new ProjectRun(engine, project, request, recording, shared, gpus, observed, watch, progress, warnings,
                interrupted);
        try {
            var executor = new PlanExecutor(plan, new ProjectResources(engine, progress), run.steps, run.waits, () -> new Shutdown(engine, progress,
                    project.name()), run.pool, warnings);
            run.containers.putAll(executor.execute());
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

    /** The waits for dependency conditions, as the plan's awaits use them. */
    DependencyWaits waits() {
        return waits;
    }

    /** The job run of a container, when it runs a job. */
    Optional<JobRun> job(String containerId) {
        return Optional.ofNullable(steps.jobs().get(containerId));
    }

    Project project() {
        return project;
    }

    /** What records the run's jobs. */
    RunRecorder recorder() {
        return recorder;
    }

    /** The user interrupted: jobs that end from now on are not retried. */
    void cancel() {
        cancelled.set(true);
    }

    @Override
    public void close() {
        if (ownsRecorder) {
            recorder.close();
        }
        watch.close();
        gpus.close();
        pool.shutdownNow();
        scheduler.shutdownNow();
    }
}
