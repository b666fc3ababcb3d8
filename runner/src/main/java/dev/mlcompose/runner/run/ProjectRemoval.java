package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.plan.ShutdownPlanner;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The removal side of {@link ProjectLifecycle}: {@code down}, {@code rm}, and what a {@code down} or {@code stop}
 * would do. The jobs the run history has as running are settled before their containers, and their logs, go.
 */
final class ProjectRemoval {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final Supplier<Optional<RunHistory>> history;

    ProjectRemoval(Engine engine, ProgressListener progress, Consumer<String> warnings,
                   Supplier<Optional<RunHistory>> history) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.history = history;
    }

    /** See {@link ProjectLifecycle#dryRun}. */
    List<String> dryRun(String project, Set<String> services, boolean remove, boolean volumes) {
        var containers = new ProjectContainers(engine, project).of(services, true);
        var lines = new ArrayList<String>();
        ShutdownPlanner.plan(containers, remove).steps().forEach(step -> lines.add(step.toString()));
        if (remove && services.isEmpty()) {
            engine.networks(Map.of(Labels.PROJECT, project)).forEach(n -> lines.add("remove network " + n.name()));
            if (volumes) {
                containers.stream().flatMap(c -> c.mounts().stream()).filter(MountPoint::anonymousVolume)
                        .map(MountPoint::name).distinct().forEach(v -> lines.add("remove anonymous volume " + v));
                engine.volumes(Map.of(Labels.PROJECT, project)).forEach(v -> lines.add("remove volume " + v.name()));
            }
        }
        return lines;
    }

    /** See {@link ProjectLifecycle#down(String, Optional, boolean, ImageRemoval, Duration)}. */
    void down(String project, Optional<Project> model, boolean removeVolumes, ImageRemoval rmi, Duration timeout) {
        List<ContainerState> containers;
        try (var shutdown = new Shutdown(engine, progress, project, model)) { // its event stream opens meanwhile
            settlePending(project, shutdown);
            containers = new ProjectContainers(engine, project).list(true);
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
                progress.on(ProgressEvent.image(image, Status.REMOVED, ""));
            } catch (EngineException e) {
                switch (e.kind()) {
                    case NOT_FOUND -> { } // never built or pulled: nothing to remove
                    case CONFLICT -> warnings.accept("image " + image + " is still in use, not removed: " + e.reason());
                    default -> throw e;
                }
            }
        }
    }

    /** See {@link ProjectLifecycle#removeStopped}. */
    void removeStopped(String project, Set<String> services, boolean volumes) {
        settlePending(project);
        var removed = new ArrayList<ContainerState>();
        var containers = new ProjectContainers(engine, project);
        for (ContainerState c : containers.settled(containers.of(services, true))) {
            if (!c.isRunning()) {
                engine.remove(c.id(), false);
                removed.add(c);
                progress.on(ProgressEvent.container(c.name(), Status.REMOVED));
            }
        }
        if (volumes) {
            new ProjectResources(engine, progress).removeAnonymous(removed);
        }
    }

    /** What detached runs left running is read off their containers before they are removed (see {@link PendingJobs}). */
    private void settlePending(String project) {
        history.get().ifPresent(h -> new PendingJobs(engine, warnings).settle(h, project));
    }

    /**
     * {@link #settlePending} now, and again for each job still running once {@code shutdown} has stopped it, before
     * its container (and its log) is removed.
     */
    private void settlePending(String project, Shutdown shutdown) {
        history.get().ifPresent(h -> {
            var pending = new PendingJobs(engine, warnings);
            var running = PendingJobs.running(pending.settle(h, project), project);
            if (!running.isEmpty()) {
                shutdown.beforeRemoval(c -> {
                    if (running.contains(c.name())) {
                        synchronized (pending) { // one writer of the run's record at a time
                            pending.settle(h, project);
                        }
                    }
                });
            }
        });
    }
}
