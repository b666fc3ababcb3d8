package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code up --wait}: services running (healthy, when they have a healthcheck) and jobs completed, retries
 * included. A service that only optional dependencies need may fail with a warning.
 *
 * <p>"Running" alone can lie: a service killed for memory or crashing at once is running for an instant. So a
 * service without a healthcheck is ready only once it has stayed up for the settle time since its last start
 * ({@link SettleWait}); the settle runs for all such containers at once, so it costs that time once. A container
 * that keeps restarting fails the wait at its deadline.
 */
final class Readiness {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final SettleWait settles;

    Readiness(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.settles = new SettleWait(engine, progress, warnings);
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
        settles.await(project, settling);
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

    /** Whether every service that depends on {@code name} marks it {@code required: false}. */
    static boolean onlyOptional(Project project, String name) {
        var dependencies = project.services().values().stream().map(s -> s.dependsOn().get(name))
                .filter(Objects::nonNull).toList();
        return !dependencies.isEmpty() && dependencies.stream().noneMatch(Service.Dependency::required);
    }
}
