package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.history.Recording;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.Planner;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Brings a project up on an engine: {@code up} (and its dry run), {@code train}, {@code run}, {@code build},
 * {@code pull}. It plans ({@link Planner}) and has the plan executed; the CLI and the Java API call into it and only
 * render what it reports. What is done to existing containers is {@link ProjectLifecycle}'s, what is read from them
 * {@link ProjectInspector}'s.
 */
public final class ProjectRunner {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final AtomicBoolean interrupted;
    /** The watches of the starts in progress, which an {@link #interrupt()} cancels. */
    private final Set<ContainerWatch> watching;

    private final Recording recording;

    public ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this(engine, progress, warnings, Recording.DEFAULT);
    }

    /** {@code recording}: where the jobs it runs are recorded ({@link dev.mlcompose.runner.history.RunHistory}). */
    public ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings, Recording recording) {
        this(engine, progress, warnings, recording, new AtomicBoolean(), ConcurrentHashMap.newKeySet());
    }

    private ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings, Recording recording,
                          AtomicBoolean interrupted, Set<ContainerWatch> watching) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.recording = recording;
        this.interrupted = interrupted;
        this.watching = watching;
    }

    /** The same runner (an {@link #interrupt()} of either stops both) recording as {@code other} says. */
    public ProjectRunner withRecording(Recording other) {
        return new ProjectRunner(engine, progress, warnings, other, interrupted, watching);
    }

    /** Brings the project (or the requested services and their dependencies) up; returns the containers. */
    public Map<String, List<String>> up(Project project, UpRequest request) {
        try (ProjectRun run = launch(project, request)) {
            if (request.waitReady() && !request.noStart()) { // as compose: --wait waits for nothing not started
                cancellable(run.watch(), () -> {
                    new Readiness(engine, progress, warnings).await(project, run, request);
                    return null;
                });
            }
            return run.containers();
        }
    }

    /**
     * The user interrupted (Ctrl-C): from now on this runner starts no further container, and jobs that end are
     * not retried. What already runs is left to the caller's {@link #stop}.
     */
    public void interrupt() {
        interrupted.set(true);
        watching.forEach(ContainerWatch::cancel); // a dependency that never gets ready is not waited for
    }

    /** Runs {@code work}, whose waits on {@code watch} an {@link #interrupt()} meanwhile ends. */
    private <T> T cancellable(ContainerWatch watch, Supplier<T> work) {
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

    /** Brings the project up and keeps watching it (job retries, deadlines) until the handle is closed. */
    public RunningProject start(Project project, UpRequest request) {
        return new RunningProject(engine, project.name(), launch(project, request));
    }

    /**
     * Images first, then the checks that must pass before anything is created ({@link Preflight}, the GPU
     * runtime), then the {@link Planner}'s plan over what the engine has and the images' IDs (as compose builds
     * before it converges), executed in dependency order: the networks and volumes it lacks, then the containers.
     * The networks, volumes and the event stream are read meanwhile, each a round trip of its own. A failed check
     * or a refused plan has created nothing.
     */
    ProjectRun launch(Project project, UpRequest request) {
        return launch(project, request, request.planning());
    }

    /** As {@link #launch(Project, UpRequest)}, converging what {@code planning} asks (a {@code run}'s dependencies). */
    ProjectRun launch(Project project, UpRequest request, PlanRequest planning) {
        return launch(project, request, planning, Optional.empty());
    }

    /** As above, its jobs recorded by {@code shared} when present (a {@code run}'s, which records its one-off too). */
    ProjectRun launch(Project project, UpRequest request, PlanRequest planning, Optional<RunRecorder> shared) {
        ServiceGraph graph = ServiceGraph.of(project);
        Set<String> selected = selection(project, graph, planning);
        var resources = Background.inBackground("mlcompose-resources",
                () -> new ProjectResources(engine, progress).observe());
        var watch = Background.inBackground("mlcompose-watch", () -> new ContainerWatch(engine, project.name()));
        GpuScheduling gpus = null;
        Plan plan;
        ObservedState observed;
        try {
            var runs = new LaunchHistory(engine, recording, warnings).read(project, selected, true);
            var containers = new ProjectContainers(engine, project.name()).list(true);
            var imageIds = new Images(engine, progress.withoutPullsIf(request.quietPull())).ensureAll(project, selected, request);
            var preflight = new Preflight(engine, warnings).check(project, selected, request.scale());
            gpus = new GpuScheduling(engine, request.gpus(), request.longWait(), progress, warnings);
            gpus.preflight(project, selected);
            observed = new ObservedState(containers, imageIds, JobCache.inputs(project, selected),
                    LaunchHistory.successes(project, selected, runs), Background.join(resources));
            plan = Planner.plan(project, graph, observed, planning);
            emulateStartIntervals(project, preflight, Background.join(watch));
        } catch (RuntimeException e) {
            if (gpus != null) {
                gpus.close();
            }
            watch.thenAccept(ContainerWatch::close);
            throw e;
        }
        // from here the run owns the GPU allocations and the watch, and closes them when it fails
        var finalGpus = gpus;
        var finalObserved = observed;
        return cancellable(watch.join(), () -> ProjectRun.start(engine, project, plan, request, recording, shared, finalGpus,
                finalObserved,
                watch.join(), progress, warnings, interrupted::get));
    }

    /**
     * What {@code up} with this request would do ({@code up --dry-run}), decided by the same {@link Planner} over
     * what the engine has now; nothing is built, pulled, created or changed.
     */
    public DryRun dryRun(Project project, UpRequest request) {
        ServiceGraph graph = ServiceGraph.of(project);
        PlanRequest planning = request.planning();
        Set<String> selected = selection(project, graph, planning);
        var images = new Images(engine, progress).preview(project, selected, request);
        var recorded = LaunchHistory.successes(project, selected,
                new LaunchHistory(engine, recording, warnings).read(project, selected, false));
        var observed = new ObservedState(new ProjectContainers(engine, project.name()).list(true), images.imageIds(),
                JobCache.inputs(project, selected), recorded, new ProjectResources(engine, progress).observe());
        return new DryRun(images.fetches(), Planner.plan(project, graph, observed, planning));
    }

    /** A recorder of this runner's jobs in {@code project}'s history, for a {@code run} to share with its dependencies. */
    RunRecorder recorder(Project project) {
        return new RunRecorder(engine, project, Optional.of(recording.history(project)), recording.command(),
                recording.skips(), warnings);
    }

    private void emulateStartIntervals(Project project, Preflight.Outcome preflight, ContainerWatch watch) {
        if (!preflight.emulatedStartIntervals().isEmpty()) {
            watch.listen(new StartIntervalProbes(engine, project, preflight.emulatedStartIntervals(), watch::vouchHealthy));
        }
    }

    /**
     * {@code mlcompose train}: brings up the jobs in {@code request.services()} with their dependencies, follows
     * their output into {@code sink} (container name, line) across retries, and reports each job.
     */
    public List<JobReport> train(Project project, UpRequest request, BiConsumer<String, String> sink) {
        try (RunningProject running = start(project, request)) {
            return running.train(request.services(), sink);
        }
    }

    /**
     * A one-off container of {@code service} ({@code mlcompose run}): its dependencies are started and
     * waited for with the same rules as {@code up}; its output goes to {@code sink}; returns its exit code.
     */
    public int run(Project project, RunRequest request, BiConsumer<String, String> sink) {
        try (OneOff oneOff = prepareRun(project, request)) {
            return oneOff.follow(sink);
        }
    }

    /**
     * The first half of {@link #run}: the service's dependencies started and waited for, and its one-off
     * container created; the caller starts it (on a terminal when {@code request.tty()}) and closes it.
     */
    public OneOff prepareRun(Project project, RunRequest request) {
        return new OneOffRun(this, engine, progress, warnings).prepare(project, request);
    }

    /**
     * {@code mlcompose build}: the images of the services asked for that have a build section (every one when none
     * is named), with their dependencies' when asked, each built whether it exists or not.
     */
    public void build(Project project, BuildRequest request) {
        Set<String> asked = request.services().isEmpty() ? project.services().keySet() : request.services();
        Set<String> selected = request.withDependencies() ? ServiceGraph.of(project).withDependencies(asked) : asked;
        var buildable = project.services().values().stream().filter(s -> s.build().isPresent())
                .filter(s -> selected.contains(s.name())).map(Service::name).toList();
        new Images(engine, request.quiet() ? ProgressListener.QUIET : progress, request.args(), request.options())
                .ensureAll(project, buildable, UpRequest.defaults().withBuildPolicy(BuildPolicy.ALWAYS));
    }

    /** {@code mlcompose pull}: the images of the services that name one (see {@link ServicePulls}). */
    public void pull(Project project, PullRequest request) {
        new ServicePulls(engine, progress, warnings).pull(project, request);
    }

    /** {@code mlcompose push}: the images the services build and name, to their registries (see {@link ServicePushes}). */
    public void push(Project project, Set<String> services, boolean includeDeps, boolean ignoreFailures, boolean quiet) {
        new ServicePushes(engine, quiet ? ProgressListener.QUIET : progress, warnings).push(project, services, includeDeps,
                ignoreFailures);
    }

    private static Set<String> selection(Project project, ServiceGraph graph, PlanRequest request) {
        for (String s : request.services()) {
            if (project.service(s).isEmpty()) {
                throw new ServiceFailure(s, "no such service: " + s);
            }
        }
        return Planner.selection(project, graph, request);
    }
}
