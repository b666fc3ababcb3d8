package dev.mlcompose.runner.engine.docker;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import java.util.List;
import java.util.Optional;

/**
 * Finds out whether the engine would start a container, without running anything in it. The engine accepts
 * many settings at create and refuses them only at start (a missing device, an unknown group, a CDI device it
 * cannot resolve, a cgroup value the kernel refuses), by which time the rest of a stack may be up. The probe
 * creates the container with an entrypoint that does not exist and starts it: the OCI runtime prepares
 * everything, then fails on that entrypoint, and nothing ever runs. Any other refusal is the engine's answer.
 */
final class StartProbe {

    static final String ENTRYPOINT = "/mlcompose-probe";

    private StartProbe() {
    }

    static Optional<String> refusal(Engine engine, ContainerSpec spec) {
        ContainerSpec probe = spec.withProcess(spec.process().withEntrypoint(Optional.of(List.of(ENTRYPOINT)))
                .withCommand(Optional.of(List.of())));
        String id = null;
        try {
            id = engine.create(probe).id();
            engine.start(id);
            return Optional.empty();
        } catch (EngineException e) {
            return e.getMessage().contains(ENTRYPOINT) ? Optional.empty() : Optional.of(e.reason());
        } finally {
            if (id != null) {
                engine.remove(id, true);
            }
        }
    }
}
