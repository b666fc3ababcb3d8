package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code start --wait}: the waits of {@code up --wait}, for containers that already exist. A service that is only an
 * optional dependency does not fail it, as in {@link Readiness}.
 */
final class StartWaits {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    StartWaits(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    /** See {@link ProjectLifecycle#awaitStarted}. */
    void await(Project model, Set<String> services, Optional<Duration> timeout) {
        var waits = new ArrayList<CompletableFuture<?>>();
        try (var watch = new ContainerWatch(engine, model.name())) {
            for (ContainerState c : new ProjectContainers(engine, model.name()).of(services, true)) {
                var service = model.service(c.label(Labels.SERVICE)).orElse(null);
                if (service == null || "True".equals(c.label(Labels.ONEOFF))) {
                    continue; // orphans and one-offs are not waited for, as up --wait
                }
                boolean job = ServiceKinds.isJob(model, service);
                boolean checked = service.healthcheck().filter(h -> !h.disabled()).isPresent();
                var test = job ? Conditions.completedSuccessfully(service)
                        : checked ? Conditions.healthy(service) : Conditions.running(service);
                Duration deadline = timeout.orElse(job ? Duration.ofDays(1) : Conditions.healthDeadline(service));
                waits.add(watch.await(c.id(), deadline, test, st -> "was not ready within " + deadline.toSeconds()
                        + "s: " + Conditions.describe(st)).handle((st, error) -> {
                            if (error != null && Readiness.onlyOptional(model, service.name())) {
                                warnings.accept("service " + service.name() + " " + DependencyWaits.rootMessage(error)
                                        + " (only an optional dependency: start goes on)");
                                return null;
                            }
                            if (error != null) {
                                throw new ServiceFailure(service.name(), service.name() + " "
                                        + DependencyWaits.rootMessage(error));
                            }
                            progress.on(job ? ProgressEvent.container(st.name(), Status.EXITED, "exit code 0")
                                    : ProgressEvent.container(st.name(), Status.READY));
                            return st;
                        }));
            }
            waits.forEach(Background::join);
        }
    }
}
