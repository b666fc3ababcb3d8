package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.Recording;
import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.Planner;
import dev.mlcompose.schema.model.Project;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Brings a project up on an engine: {@code up} (and its dry run), {@code train}, {@code run}, {@code build},
 * {@code pull}. It plans ({@link Planner}) and has the plan executed; the CLI and the Java API call into it and only
 * render what it reports. The planning and the plan's start are {@link Launch}'s. What is done to existing containers
 * is {@link ProjectLifecycle}'s, what is read from them {@link ProjectInspector}'s.
 */
public final class ProjectRunner {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final Recording recording;
    private final Interruption interruption;

    public ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this(engine, progress, warnings, Recording.DEFAULT);
    }

    /** {@code recording}: where the jobs it runs are recorded ({@link dev.mlcompose.runner.history.RunHistory}). */
    public ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings, Recording recording) {
        this(engine, progress, warnings, recording, new Interruption());
    }

    private ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings, Recording recording,
                          Interruption interruption) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.recording = recording;
        this.interruption = interruption;
    }

    /** The same runner (an {@link #interrupt()} of either stops both) recording as {@code other} says. */
    public ProjectRunner withRecording(Recording other) {
        return new ProjectRunner(engine, progress, warnings, other, interruption);
    }

    /** Brings the project (or the requested services and their dependencies) up; returns the containers. */
    public Map<String, List<String>> up(Project project, UpRequest request) {
        try (ProjectRun run = launch(project, request)) {
            if (request.waitReady() && !request.noStart()) { // as compose: --wait waits for nothing not started
                interruption.cancellable(run.watch(), () -> {
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
        interruption.interrupt();
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
        return launcher().start(project, request, planning, shared);
    }

    /**
     * What {@code up} with this request would do ({@code up --dry-run}), decided by the same {@link Planner} over
     * what the engine has now; nothing is built, pulled, created or changed.
     */
    public DryRun dryRun(Project project, UpRequest request) {
        return launcher().dryRun(project, request);
    }

    /** A recorder of this runner's jobs in {@code project}'s history, for a {@code run} to share with its dependencies. */
    RunRecorder recorder(Project project) {
        return new RunRecorder(engine, project, Optional.of(recording.history(project)), recording.command(),
                recording.skips(), warnings);
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

    /** {@code mlcompose build}: the images of the services that have a build section (see {@link ServiceBuilds}). */
    public void build(Project project, BuildRequest request) {
        new ServiceBuilds(engine, progress).build(project, request);
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

    private Launch launcher() {
        return new Launch(engine, progress, warnings, recording, interruption);
    }
}
