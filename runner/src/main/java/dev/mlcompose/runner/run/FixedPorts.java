package dev.mlcompose.runner.run;

import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.validate.SemanticChecks;
import java.util.stream.Stream;

/**
 * Fixed host ports of a service with several replicas: only one replica can bind each, and compose finds out when
 * the second one starts. The loader warns, {@code up} refuses before anything is created, the lint reports it.
 */
public final class FixedPorts {

    private FixedPorts() {
    }

    /** One problem per fixed host port, with the fix; none for a single replica. */
    public static Stream<String> ofReplicas(Service service, int replicas) {
        return replicas < 2 ? Stream.empty() : service.ports().stream()
                .filter(p -> p.published().filter(h -> !h.isEmpty() && !h.equals("0") && !h.contains("-")).isPresent())
                .map(p -> SemanticChecks.fixedPort(p.published().get(), String.valueOf(p.target()), replicas));
    }
}
