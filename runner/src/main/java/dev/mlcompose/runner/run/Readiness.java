package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code up --wait}: services running (healthy, when they have a healthcheck) and jobs completed, retries
 * included. A service that only optional dependencies need may fail with a warning.
 */
final class Readiness {

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
        var listed = new java.util.HashMap<String, ContainerState>();
        engine.containers(java.util.Map.of(Labels.PROJECT, project.name()), true).forEach(c -> listed.put(c.id(), c));
        run.containers().forEach((name, ids) -> {
            Service service = project.service(name).orElseThrow();
            boolean job = ServiceKinds.isJob(project, service);
            var test = service.healthcheck().filter(h -> !h.disabled()).isPresent() ? Conditions.healthy(service)
                    : Conditions.running(service);
            Duration deadline = request.waitTimeout().orElse(Conditions.healthDeadline(service));
            for (String id : ids) {
                CompletableFuture<ContainerState> ready = job
                        ? run.startup().completed(new Startup.Started(name, List.of(id), false), service)
                                .thenApply(s -> engine.inspect(id))
                        : run.watch().await(id, deadline, test, st -> "was not ready within " + deadline.toSeconds()
                                + "s: " + Conditions.describe(st), listed.get(id));
                waits.add(ready.handle((st, error) -> {
                    if (error != null && onlyOptional(project, name)) {
                        warnings.accept("service " + name + " " + Startup.rootMessage(error)
                                + " (only an optional dependency: up goes on)");
                        return null;
                    }
                    if (error != null) {
                        throw new ServiceFailure(name, name + " " + Startup.rootMessage(error));
                    }
                    progress.on("Container", st.name(), job ? "Exited (0)" : "Ready", "");
                    return st;
                }));
            }
        });
        waits.forEach(ProjectRunner::join);
    }

    /** Whether every service that depends on {@code name} marks it {@code required: false}. */
    private static boolean onlyOptional(Project project, String name) {
        var dependencies = project.services().values().stream().map(s -> s.dependsOn().get(name))
                .filter(java.util.Objects::nonNull).toList();
        return !dependencies.isEmpty() && dependencies.stream().noneMatch(Service.Dependency::required);
    }

}
