package dev.mlcompose.runner.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stack is to be, as the planner needs it: the names of its networks, secrets and configs, and per Compose
 * service (in the file's order) its stack name, its spec's hash and whether it runs to completion. The specs
 * themselves, in the Engine API's JSON, stay with the Swarm executor.
 */
public record StackTarget(List<String> networks, List<String> secrets, List<String> configs,
                          Map<String, Service> services) {

    public StackTarget {
        networks = List.copyOf(networks);
        secrets = List.copyOf(secrets);
        configs = List.copyOf(configs);
        services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** One service: {@code name} on the Swarm ({@code PROJECT_SERVICE}), {@code hash} of its spec. */
    public record Service(String name, String hash, boolean job) {
    }
}
