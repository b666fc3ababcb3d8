package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.spec.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A project's containers on the engine, found by their project label, as every command lists them. */
record ProjectContainers(Engine engine, String project) {

    /** The project's containers (one-off ones too) by name, stopped ones only when {@code all}. */
    List<ContainerState> list(boolean all) {
        return engine.containers(Map.of(Labels.PROJECT, project), all).stream()
                .sorted(Comparator.comparing(ContainerState::name)).toList();
    }

    /** Those of {@code services}; all of the project's when none is named. */
    List<ContainerState> of(Set<String> services, boolean all) {
        var listed = list(all);
        return services.isEmpty() ? listed
                : listed.stream().filter(c -> services.contains(c.label(Labels.SERVICE))).toList();
    }

    /**
     * The containers as they are now: the engine's list can still say running for a moment after a stop returned
     * (Engine 26 updates it a little later), an inspect cannot. One removed meanwhile is left out.
     */
    List<ContainerState> settled(List<ContainerState> listed) {
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
}
