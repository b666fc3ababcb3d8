package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.history.Durations;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code up --wait}: services running (healthy, when they have a healthcheck) and jobs completed, retries
 * included. A service that only optional dependencies need may fail with a warning.
 *
 * <p>"Running" alone can lie: a service killed for memory or crashing at once is running for an instant. So a
 * service without a healthcheck is ready only once it has stayed up for {@link #settleTime(Project)} since its last
 * start; the settle runs for all such containers at once, so it costs that time once. A container that
 * keeps restarting fails the wait at its deadline.
 */
final class Readiness {

    /**
     * The default settle time; {@code MLCOMPOSE_WAIT_SETTLE} (seconds, 0 for none) in the project's environment
     * (the caller's, or its {@code .env} file) overrides it.
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** How many of a failed container's last log lines are read for its message (OutputTail keeps 10). */
    private static final int LOG_LINES = 100;

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    Readiness(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    void await(Project project, ProjectRun run, UpRequest request) {
        var waits = new ArrayList<CompletableFuture<?>>();
        var listed = new HashMap<String, ContainerState>();
        engine.containers(Map.of(Labels.PROJECT, project.name()), true).forEach(c -> listed.put(c.id(), c));
        var settling = new ArrayList<Settling>();
        run.containers().forEach((name, ids) -> {
            Service service = project.service(name).orElseThrow();
            boolean job = ServiceKinds.isJob(project, service);
            boolean checked = service.healthcheck().filter(h -> !h.disabled()).isPresent();
            var test = checked ? Conditions.healthy(service) : Conditions.running(service);
            Duration deadline = request.waitTimeout().orElse(Conditions.healthDeadline(service));
            if (job) { // all of a job's containers at once: a sweep with sweep-success: any needs one of them
                waits.add(run.waits().completed(service, ids).handle((v, error) -> {
                    if (error != null) {
                        return failed(project, name, error);
                    }
                    ids.stream().map(engine::inspect).filter(st -> st.exitCode() == 0).forEach(st ->
                            progress.on(ProgressEvent.container(st.name(), Status.EXITED, "exit code 0")));
                    return null;
                }));
                return;
            }
            for (String id : ids) {
                CompletableFuture<ContainerState> ready = run.watch().await(id, deadline, test, st -> "was not ready "
                        + "within " + deadline.toSeconds() + "s: " + Conditions.describe(st), listed.get(id));
                waits.add(ready.handle((st, error) -> {
                    if (error != null) {
                        return failed(project, name, error);
                    }
                    if (checked) {
                        progress.on(ProgressEvent.container(st.name(), Status.READY));
                    } else {
                        synchronized (settling) {
                            settling.add(new Settling(name, service, id, Instant.now().plus(deadline)));
                        }
                    }
                    return st;
                }));
            }
        });
        waits.forEach(Background::join);
        settle(project, settling);
    }

    /** A service that did not get ready: a warning when it is only an optional dependency, else the run fails. */
    private <T> T failed(Project project, String name, Throwable error) {
        if (onlyOptional(project, name)) {
            warnings.accept("service " + name + " " + DependencyWaits.rootMessage(error)
                    + " (only an optional dependency: up goes on)");
            return null;
        }
        throw new ServiceFailure(name, name + " " + DependencyWaits.rootMessage(error));
    }

    /** A running container without a healthcheck, to stay up for the settle time by {@code deadline}. */
    private record Settling(String name, Service service, String id, Instant deadline) {
    }

    /**
     * Polls until each container has run for the settle time since its last start; an exit that no restart
     * follows fails at once, with its cause (an out-of-memory kill named), a restart loop at the deadline.
     */
    /**
     * An exit by SIGKILL under a memory limit may be the kernel's OOM killer, which Engine 20.10 can record a moment
     * after the exit (the two reach it as separate events): such a state is read again, briefly, before it is taken
     * as a plain exit with code 137.
     */
    private ContainerState oomSettled(Settling s, ContainerState st) {
        boolean limited = s.service().options().limits().memory().limit().isPresent();
        for (int i = 0; i < 5 && limited && !st.isRunning() && st.exitCode() == 137 && !st.oomKilled(); i++) {
            pause(Duration.ofMillis(200));
            st = engine.inspect(s.id());
        }
        return st;
    }

    private void settle(Project project, List<Settling> settling) {
        Duration settle = settleTime(project);
        var pending = new ArrayList<>(settling);
        var firstRestarts = new HashMap<String, Integer>();
        // A restarted container reads exit code 0 again while it runs, so its last exit is remembered as seen.
        var lastExits = new HashMap<String, String>();
        while (!pending.isEmpty()) {
            Instant now = Instant.now();
            for (var it = pending.iterator(); it.hasNext(); ) {
                Settling s = it.next();
                ContainerState st = oomSettled(s, engine.inspect(s.id()));
                firstRestarts.putIfAbsent(s.id(), st.restartCount());
                if (!st.status().equals("running")) {
                    lastExits.put(s.id(), Conditions.exitCause(s.service(), st));
                }
                boolean upLongEnough = st.status().equals("running")
                        && st.startedAt().map(t -> !t.plus(settle).isAfter(now)).orElse(true);
                String failure = null;
                if (upLongEnough) {
                    progress.on(ProgressEvent.container(st.name(), Status.READY));
                    it.remove();
                } else if (!st.isRunning() && !Conditions.willRestart(s.service(), st)) {
                    failure = s.name() + " " + Conditions.exitCause(s.service(), st) + " right after it started";
                } else if (now.isAfter(s.deadline())) {
                    failure = s.name() + " kept restarting: " + (st.restartCount() - firstRestarts.get(s.id()))
                            + " restarts during the wait, never up for " + Durations.setting(settle)
                            + Optional.ofNullable(lastExits.get(s.id())).map(exit -> ", last " + exit).orElse("");
                }
                if (failure != null) {
                    var tail = new OutputTail();
                    engine.readLogs(s.id(), LogOptions.last(LOG_LINES)).forEach(tail);
                    failure = tail.after(failure);
                }
                if (failure != null && onlyOptional(project, s.name())) {
                    warnings.accept("service " + failure + " (only an optional dependency: up goes on)");
                    it.remove();
                } else if (failure != null) {
                    throw new ServiceFailure(s.name(), failure);
                }
            }
            if (!pending.isEmpty()) {
                pause(Duration.ofMillis(100));
            }
        }
    }

    private Duration settleTime(Project project) {
        String value = project.environment().get("MLCOMPOSE_WAIT_SETTLE");
        if (value == null || value.isBlank()) {
            return SETTLE;
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds >= 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        warnings.accept("MLCOMPOSE_WAIT_SETTLE=" + value + " is not a number of seconds from 0 to 3600; using "
                + SETTLE.toSeconds() + "s");
        return SETTLE;
    }


    private static void pause(Duration time) {
        try {
            Thread.sleep(time.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("canceled");
        }
    }

    /** Whether every service that depends on {@code name} marks it {@code required: false}. */
    static boolean onlyOptional(Project project, String name) {
        var dependencies = project.services().values().stream().map(s -> s.dependsOn().get(name))
                .filter(Objects::nonNull).toList();
        return !dependencies.isEmpty() && dependencies.stream().noneMatch(Service.Dependency::required);
    }

}
