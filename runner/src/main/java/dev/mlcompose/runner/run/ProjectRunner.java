package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.Planner;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Runs a project on an engine: the one place that orders engine calls. {@code up}, {@code down} and the
 * lifecycle commands; the CLI and the Java API call into it and only render what it reports.
 */
public final class ProjectRunner {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    /** The watches of the starts in progress, which an {@link #interrupt()} cancels. */
    private final Set<ContainerWatch> watching = ConcurrentHashMap.newKeySet();

    public ProjectRunner(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** Brings the project (or the requested services and their dependencies) up; returns the containers. */
    public Map<String, List<String>> up(Project project, UpRequest request) {
        try (ProjectRun run = launch(project, request)) {
            if (request.waitReady()) {
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
     * before it converges), executed in dependency order. Networks, volumes and the event stream do not wait
     * for the images: each is a round trip or more of its own, which the engine answers meanwhile. When a check
     * fails, the networks and volumes made meanwhile are removed again: a failed check creates nothing.
     */
    ProjectRun launch(Project project, UpRequest request) {
        return launch(project, request, request.planning());
    }

    /** As {@link #launch(Project, UpRequest)}, converging what {@code planning} asks (a {@code run}'s dependencies). */
    ProjectRun launch(Project project, UpRequest request, PlanRequest planning) {
        ServiceGraph graph = ServiceGraph.of(project);
        Set<String> selected = selection(project, graph, planning);
        var projectResources = new ProjectResources(engine, progress);
        var resources = Background.inBackground("mlcompose-resources", () -> projectResources.ensure(project));
        var watch = Background.inBackground("mlcompose-watch", () -> new ContainerWatch(engine, project.name()));
        GpuScheduling gpus = null;
        Plan plan;
        Map<String, String> imageIds;
        try {
            var observed = containers(project.name(), true);
            imageIds = new Images(engine, progress).ensureAll(project, selected, request);
            var preflight = new Preflight(engine, warnings).check(project, selected, request.scale());
            gpus = new GpuScheduling(engine, request.gpus(), request.longWait(), progress, warnings);
            gpus.preflight(project, selected);
            plan = Planner.plan(project, graph, new ObservedState(observed, imageIds, JobCache.inputs(project, selected)),
                    planning);
            Background.join(resources);
            emulateStartIntervals(project, preflight, Background.join(watch));
        } catch (RuntimeException e) {
            if (gpus != null) {
                gpus.close();
            }
            resources.handle((created, failure) -> created).join(); // nothing is made after the error is reported
            resources.thenAccept(projectResources::undo);
            watch.thenAccept(ContainerWatch::close);
            throw e;
        }
        // from here the run owns the GPU allocations and the watch, and closes them when it fails
        var finalGpus = gpus;
        return cancellable(watch.join(), () -> ProjectRun.start(engine, project, plan, request, finalGpus, imageIds,
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
        var fetches = new java.util.TreeMap<String, ImageFetch>();
        var imageIds = new java.util.HashMap<String, String>();
        for (String name : selected) {
            Service service = project.service(name).orElseThrow();
            String image = dev.mlcompose.runner.spec.Names.image(project, service);
            var present = engine.image(image);
            var fetch = Images.fetch(project, service, present.isPresent(), request.buildPolicy(), request.pull());
            if (fetch == ImageFetch.USE) {
                imageIds.put(name, present.orElseThrow().id());
            } else {
                fetches.put(image, fetch);
            }
        }
        var observed = new ObservedState(containers(project.name(), true), imageIds, JobCache.inputs(project, selected));
        return new DryRun(fetches, Planner.plan(project, graph, observed, planning));
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
     * Reads (or follows) the logs of the project's containers; {@code sink} gets (container name, line). Following
     * honours the tail, the time window and timestamps too, and ends at {@code until} when there is one.
     */
    public void logs(String project, Set<String> services, dev.mlcompose.runner.engine.LogOptions options,
                     BiConsumer<String, String> sink) {
        logs(project, services, 0, options, sink);
    }

    /** As {@link #logs(String, Set, dev.mlcompose.runner.engine.LogOptions, BiConsumer)}, of container #index only (0: all). */
    public void logs(String project, Set<String> services, int index, dev.mlcompose.runner.engine.LogOptions options,
                     BiConsumer<String, String> sink) {
        var selected = of(containers(project, true), services).stream()
                .filter(c -> index == 0 || ObservedState.number(c) == index).toList();
        boolean untilPassed = options.until().filter(u -> u * 1000 <= System.currentTimeMillis()).isPresent();
        if (!options.follow() || untilPassed) {
            selected.forEach(c -> engine.readLogs(c.id(), options).forEach(l -> sink.accept(c.name(), l.text())));
            return;
        }
        var running = selected.stream().filter(ContainerState::isRunning).map(ContainerState::id).toList();
        selected.stream().filter(c -> !c.isRunning())
                .forEach(c -> engine.readLogs(c.id(), options).forEach(l -> sink.accept(c.name(), l.text())));
        new Attach(engine).follow(project, running, options, sink, false, java.util.Optional.empty());
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

    /** Stops and removes the project's containers in reverse dependency order, then its networks. */
    public void down(String project, boolean removeVolumes, Duration timeout) {
        down(project, Optional.empty(), removeVolumes, ImageRemoval.NONE, timeout);
    }

    /**
     * {@link #down(String, boolean, Duration)}, then the images {@code rmi} names; {@code model} is the
     * project as its Compose file describes it, when that was read (its pre_stop hooks run before the stops). An
     * image another container still uses is kept, with a warning, as compose does.
     */
    public void down(String project, Optional<Project> model, boolean removeVolumes, ImageRemoval rmi,
                     Duration timeout) {
        List<ContainerState> containers;
        try (var shutdown = new Shutdown(engine, progress, project, model)) { // its event stream opens meanwhile
            containers = containers(project, true);
            shutdown.stopAndRemove(containers, timeout, true);
        }
        var resources = new ProjectResources(engine, progress);
        if (removeVolumes) {
            resources.removeAnonymous(containers);
        }
        resources.remove(project, removeVolumes);
        for (String image : rmi.images(project, containers, model)) {
            try {
                engine.removeImage(image);
                progress.on("Image", image, "Removed", "");
            } catch (EngineException e) {
                switch (e.kind()) {
                    case NOT_FOUND -> { } // never built or pulled: nothing to remove
                    case CONFLICT -> warnings.accept("image " + image + " is still in use, not removed: " + e.reason());
                    default -> throw e;
                }
            }
        }
    }

    public void stop(String project, Set<String> services, Duration timeout) {
        stop(project, Optional.empty(), services, timeout);
    }

    /** Stops the services' containers; with the project's {@code model}, their pre_stop hooks run first. */
    public void stop(String project, Optional<Project> model, Set<String> services, Duration timeout) {
        try (var shutdown = new Shutdown(engine, progress, project, model)) {
            shutdown.stopAndRemove(of(containers(project, false), services), timeout, false);
        }
    }

    public void start(String project, Set<String> services) {
        start(project, Optional.empty(), services);
    }

    /**
     * Starts the services' stopped containers; with the project's {@code model}, as compose starts them: pre_start
     * steps when none of a service's containers runs, copied-in files, post_start hooks ({@link ServiceStarts}).
     */
    public void start(String project, Optional<Project> model, Set<String> services) {
        ServiceStarts.startExisting(engine, progress, project, model, of(containers(project, true), services), true);
    }

    public void restart(String project, Set<String> services, Duration timeout) {
        restart(project, Optional.empty(), services, timeout);
    }

    /** Stops and starts again; with the {@code model}, pre_stop and post_start hooks run around it (no pre_start). */
    public void restart(String project, Optional<Project> model, Set<String> services, Duration timeout) {
        stop(project, model, services, timeout);
        ServiceStarts.startExisting(engine, progress, project, model, settled(of(containers(project, true), services)),
                false);
    }

    /** Pauses the services' running containers, as compose's {@code pause}. */
    public void pause(String project, Set<String> services) {
        eachRunning(project, services, engine::pause, "Paused");
    }

    /** Unpauses the services' paused containers, as compose's {@code unpause}. */
    public void unpause(String project, Set<String> services) {
        eachRunning(project, services, engine::unpause, "Unpaused");
    }

    /** {@code action} on each of the services' running (or paused) containers, each reported as {@code done}. */
    private void eachRunning(String project, Set<String> services, Consumer<String> action, String done) {
        for (ContainerState c : of(containers(project, false), services)) {
            action.accept(c.id());
            progress.on("Container", c.name(), done, "");
        }
    }

    public void kill(String project, Set<String> services, String signal) {
        for (ContainerState c : of(containers(project, false), services)) {
            engine.kill(c.id(), signal);
            progress.on("Container", c.name(), "Killed", signal);
        }
    }

    /**
     * The containers as they are now: the engine's list can still say running for a moment after a stop returned
     * (Engine 26 updates it a little later), an inspect cannot. One removed meanwhile is left out.
     */
    private List<ContainerState> settled(List<ContainerState> listed) {
        var now = new ArrayList<ContainerState>();
        for (ContainerState c : listed) {
            try {
                now.add(c.isRunning() ? engine.inspect(c.id()) : c);
            } catch (EngineException e) {
                if (e.kind() != EngineException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return now;
    }

    /** Removes the project's stopped containers, and with {@code volumes} their anonymous volumes ({@code rm -v}). */
    public void removeStopped(String project, Set<String> services, boolean volumes) {
        var removed = new ArrayList<ContainerState>();
        for (ContainerState c : settled(of(containers(project, true), services))) {
            if (!c.isRunning()) {
                engine.remove(c.id(), false);
                removed.add(c);
                progress.on("Container", c.name(), "Removed", "");
            }
        }
        if (volumes) {
            new ProjectResources(engine, progress).removeAnonymous(removed);
        }
    }

    /** Builds the images of the services that have a build section (all of them when none is named). */
    public void build(Project project, Set<String> services) {
        var buildable = project.services().values().stream().filter(s -> s.build().isPresent())
                .filter(s -> services.isEmpty() || services.contains(s.name())).map(Service::name).toList();
        new Images(engine, progress).ensureAll(project, buildable, UpRequest.defaults().withBuildPolicy(UpRequest.BuildPolicy.ALWAYS));
    }

    /** Blocks until the services' containers have exited; returns the first exit code (compose's {@code wait}). */
    public int waitForExit(String project, Set<String> services) {
        var ids = of(containers(project, true), services).stream().map(ContainerState::id).toList();
        try (var watch = new ContainerWatch(engine, project)) {
            var exits = ids.stream().map(id -> watch.await(id, Duration.ofDays(365),
                    s -> s.isRunning() ? null : new ContainerWatch.Verdict.Done(s), s -> "still running")).toList();
            return exits.stream().map(Background::join).mapToInt(ContainerState::exitCode).findFirst().orElse(0);
        }
    }

    /** Streams the project's container events to {@code sink} until the returned handle is closed. */
    public java.io.Closeable events(String project, Consumer<dev.mlcompose.runner.engine.EngineEvent> sink) {
        return engine.events(Map.of(Labels.PROJECT, project), sink);
    }

    /** Pulls the images of the services that name one (on machines without a registry this fails, per service). */
    public void pull(Project project, Set<String> services) {
        project.services().values().stream().filter(s -> s.image().isPresent())
                .filter(s -> services.isEmpty() || services.contains(s.name())).forEach(s -> {
                    progress.on("Image", s.image().get(), "Pulling", s.name());
                    engine.pull(s.image().get(), line -> { });
                    progress.on("Image", s.image().get(), "Pulled", "");
                });
    }

    /** Runs a command in the {@code index}-th running container of a service; returns its exit code. */
    public int exec(String project, String service, int index, dev.mlcompose.runner.engine.ExecRequest request,
                    Consumer<dev.mlcompose.runner.engine.LogLine> sink) {
        return engine.exec(running(project, service, index).id(), request, sink);
    }

    /** As {@link #exec}, its stdin piped in to its end and its stdout and stderr out byte for byte ({@code exec -T}). */
    public int execPiped(String project, String service, int index, dev.mlcompose.runner.engine.ExecRequest request,
                         java.io.OutputStream stdout, java.io.OutputStream stderr) {
        return engine.execPiped(running(project, service, index).id(), request, stdout, stderr);
    }

    /** As {@link #exec}, started and not waited for ({@code exec -d}). */
    public void execDetached(String project, String service, int index, dev.mlcompose.runner.engine.ExecRequest request) {
        engine.execDetached(running(project, service, index).id(), request);
    }

    private ContainerState running(String project, String service, int index) {
        return containers(project, false).stream()
                .filter(c -> c.label(Labels.SERVICE).equals(service) && ObservedState.number(c) == index).findFirst()
                .orElseThrow(() -> new ServiceFailure(service, "service " + service + " has no running container #" + index));
    }

    /** The processes of each running container of the services. */
    public Map<String, dev.mlcompose.runner.engine.Processes> top(String project, Set<String> services) {
        var out = new LinkedHashMap<String, dev.mlcompose.runner.engine.Processes>();
        of(containers(project, false), services).forEach(c -> out.put(c.name(), engine.top(c.id())));
        return out;
    }

    /** A container and the image it runs. */
    public record ContainerImage(String container, String image,
                                 java.util.Optional<dev.mlcompose.runner.engine.ImageInfo> info) {
    }

    /** The image of each of the project's containers. */
    public List<ContainerImage> images(String project, Set<String> services) {
        return of(containers(project, true), services).stream()
                .map(c -> new ContainerImage(c.name(), c.image(), engine.image(c.image()))).toList();
    }

    /** The projects on the engine, by their containers' labels: name to its containers (running ones unless {@code all}). */
    public Map<String, List<ContainerState>> projects(boolean all) {
        var out = new java.util.TreeMap<String, List<ContainerState>>();
        for (ContainerState c : engine.containers(Map.of(), all)) {
            String project = c.label(Labels.PROJECT);
            if (!project.isEmpty()) {
                out.computeIfAbsent(project, k -> new java.util.ArrayList<>()).add(c);
            }
        }
        return out;
    }

    /** The project's containers (one-off ones too), stopped ones only when {@code all}. */
    public List<ContainerState> containers(String project, boolean all) {
        return engine.containers(Map.of(Labels.PROJECT, project), all).stream()
                .sorted(java.util.Comparator.comparing(ContainerState::name)).toList();
    }

    private static List<ContainerState> of(List<ContainerState> containers, Set<String> services) {
        return services.isEmpty() ? containers
                : containers.stream().filter(c -> services.contains(c.label(Labels.SERVICE))).toList();
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
