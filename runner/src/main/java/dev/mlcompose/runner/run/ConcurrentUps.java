package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * What another {@code up} of this project did meanwhile: a container it created under the name this run was
 * creating, or put in place of the one this run was starting, is adopted when it has the same config, so
 * concurrent {@code up}s converge.
 */
final class ConcurrentUps {

    /** How long the engine's list may take to show a container whose name it has reserved already. */
    static final Duration TAKEN_NAME_LISTED = Duration.ofSeconds(2);

    private final Engine engine;
    private final Project project;
    private final Map<String, String> hashes;
    private final BooleanSupplier cancelled;
    /** The config hash of each container created here, by name: a sweep's cells have their own. */
    private final Map<String, String> cellHashes = new ConcurrentHashMap<>();

    /** {@code hashes}: the config hash of each service, by name. */
    ConcurrentUps(Engine engine, Project project, Map<String, String> hashes, BooleanSupplier cancelled) {
        this.engine = engine;
        this.project = project;
        this.hashes = hashes;
        this.cancelled = cancelled;
    }

    /** Notes the config a container of this run is created with: another's must match it to be adopted. */
    void creating(ContainerSpec spec) {
        cellHashes.put(spec.name(), spec.labels().get(Labels.CONFIG_HASH));
    }

    /**
     * The container of this name, if it is this service's with the same config. The engine reserves a name before
     * its list shows the container, so it is looked for during {@link #TAKEN_NAME_LISTED} (20 looks).
     */
    Optional<ContainerState> sameContainer(Service service, String name) {
        var looks = Retry.of("taken name " + name, RetryConfig.<Optional<ContainerState>>custom().maxAttempts(20)
                .waitDuration(TAKEN_NAME_LISTED.dividedBy(20)).retryOnResult(Optional::isEmpty).build());
        var found = looks.executeSupplier(() -> engine.containers(Map.of(Labels.PROJECT, project.name(),
                Labels.SERVICE, service.name()), true).stream().filter(c -> c.name().equals(name)).findFirst());
        String hash = cellHashes.getOrDefault(name, hashes.get(service.name()));
        return found.filter(c -> c.label(Labels.CONFIG_HASH).equals(hash));
    }

    /**
     * Starts a container; the engine's refusal is reported with the service and container names, not the ID. One
     * that is gone by then was replaced by another up of this project at the same time: its container of this
     * name and config is the one started (or left running). Returns the ID of the container that runs.
     */
    String start(Service service, String id, String name) {
        if (cancelled.getAsBoolean()) {
            throw new ServiceFailure(service.name(), "canceled before " + name + " started");
        }
        try {
            engine.start(id);
            return id;
        } catch (EngineException e) {
            var replacement = e.kind() == EngineException.Kind.NOT_FOUND
                    ? sameContainer(service, name) : Optional.<ContainerState>empty();
            if (replacement.isEmpty()) {
                throw new ServiceFailure(service.name(), "cannot start " + name + ": " + e.reason(), e);
            }
            if (!replacement.get().isRunning()) {
                start(service, replacement.get().id(), name);
            }
            return replacement.get().id();
        }
    }
}
