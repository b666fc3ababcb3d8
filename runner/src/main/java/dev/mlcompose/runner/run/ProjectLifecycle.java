package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What is done to a project's existing containers: {@code down}, {@code stop}, {@code start}, {@code restart},
 * {@code pause}, {@code unpause}, {@code kill}, {@code rm}. Each takes the project's name, so that a project whose
 * file is gone can still be taken down; with its {@code model} (the file as read), its hooks run too. The removals
 * are {@link ProjectRemoval}'s, the waits of {@code start --wait} {@link StartWaits}'.
 */
public final class ProjectLifecycle {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final ProjectRemoval removal;

    public ProjectLifecycle(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this(engine, progress, warnings, Optional::empty);
    }

    public ProjectLifecycle(Engine engine, ProgressListener progress, Consumer<String> warnings,
                            Supplier<Optional<RunHistory>> history) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.removal = new ProjectRemoval(engine, progress, warnings, history);
    }

    /**
     * What {@code down} ({@code remove}) or {@code stop} of {@code services} (all when empty) would do, one line per
     * step in the order they decide it, then the networks and volumes {@code down} removes; nothing changes.
     */
    public List<String> dryRun(String project, Set<String> services, boolean remove, boolean volumes) {
        return removal.dryRun(project, services, remove, volumes);
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
        removal.down(project, model, removeVolumes, rmi, timeout);
    }

    public void stop(String project, Set<String> services, Duration timeout) {
        stop(project, Optional.empty(), services, timeout);
    }

    /** Stops the services' containers; with the project's {@code model}, their pre_stop hooks run first. */
    public void stop(String project, Optional<Project> model, Set<String> services, Duration timeout) {
        try (var shutdown = new Shutdown(engine, progress, project, model)) {
            shutdown.stopAndRemove(containers(project).of(services, false), timeout, false);
        }
    }

    public void start(String project, Set<String> services) {
        start(project, Optional.empty(), services);
    }

    /**
     * Starts the services' stopped containers in dependency order; with the project's {@code model}, as compose
     * starts them: pre_start steps when none of a service's containers runs, copied-in files, post_start hooks
     * ({@link ServiceStarts}).
     */
    public void start(String project, Optional<Project> model, Set<String> services) {
        ServiceStarts.startExisting(engine, progress, project, model, containers(project).of(services, true), true);
    }

    public void restart(String project, Set<String> services, Duration timeout) {
        restart(project, Optional.empty(), services, timeout);
    }

    /**
     * {@code start --wait}: waits until the services' containers (all when none is named) are running, healthy
     * where they have a healthcheck, and, for jobs, exited 0, each by {@code timeout} or its own health deadline.
     */
    public void awaitStarted(Project model, Set<String> services, Optional<Duration> timeout) {
        new StartWaits(engine, progress, warnings).await(model, services, timeout);
    }

    /** Stops and starts again; with the {@code model}, pre_stop and post_start hooks run around it (no pre_start). */
    public void restart(String project, Optional<Project> model, Set<String> services, Duration timeout) {
        stop(project, model, services, timeout);
        var containers = containers(project);
        ServiceStarts.startExisting(engine, progress, project, model,
                containers.settled(containers.of(services, true)), false);
    }

    /** Pauses the services' running containers, as compose's {@code pause}. */
    public void pause(String project, Set<String> services) {
        eachRunning(project, services, engine::pause, Status.PAUSED, "");
    }

    /** Unpauses the services' paused containers, as compose's {@code unpause}. */
    public void unpause(String project, Set<String> services) {
        eachRunning(project, services, engine::unpause, Status.UNPAUSED, "");
    }

    public void kill(String project, Set<String> services, String signal) {
        eachRunning(project, services, id -> engine.kill(id, signal), Status.KILLED, signal);
    }

    /**
     * {@code kill} as compose 2.26.1 does it: with the project's {@code model} and no service named, its services'
     * containers only, and the orphans' too with {@code orphans} ({@code --remove-orphans}, which kills them but, as
     * in compose, does not remove them).
     */
    public void kill(String project, Optional<Project> model, Set<String> services, String signal, boolean orphans) {
        Set<String> killed = services.isEmpty() && !orphans
                ? model.map(p -> p.services().keySet()).orElse(Set.of()) : services;
        kill(project, killed, signal);
    }

    /** {@code action} on each of the services' running (or paused) containers, each reported as {@code done}. */
    private void eachRunning(String project, Set<String> services, Consumer<String> action, Status done,
                             String detail) {
        for (ContainerState c : containers(project).of(services, false)) {
            action.accept(c.id());
            progress.on(ProgressEvent.container(c.name(), done, detail));
        }
    }

    /** Removes the project's stopped containers, and with {@code volumes} their anonymous volumes ({@code rm -v}). */
    public void removeStopped(String project, Set<String> services, boolean volumes) {
        removal.removeStopped(project, services, volumes);
    }

    private ProjectContainers containers(String project) {
        return new ProjectContainers(engine, project);
    }
}
