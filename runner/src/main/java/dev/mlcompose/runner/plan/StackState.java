package dev.mlcompose.runner.plan;

import java.util.Map;
import java.util.Set;

/**
 * A stack on a Swarm, read once before planning, in the project's terms: its services by their stack names (with
 * the spec hash each was made from and, for a job, how its last run ended), and the networks, secrets and configs
 * the cluster has. The {@link StackPlanner} makes no call after this.
 *
 * @param secrets by name, their IDs (a service's spec names both)
 * @param configs by name, their IDs
 */
public record StackState(Map<String, Deployed> services, Set<String> networks, Map<String, String> secrets,
                         Map<String, String> configs) {

    public StackState {
        services = Map.copyOf(services);
        networks = Set.copyOf(networks);
        secrets = Map.copyOf(secrets);
        configs = Map.copyOf(configs);
    }

    /** A service on the cluster: its ID and version (an update names both) and the hash of the spec it runs. */
    public record Deployed(String id, long version, String hash, LastRun lastRun) {
    }

    /** How a job's last run ended, from its tasks; {@code NONE} for a service that is no job. */
    public enum LastRun { NONE, COMPLETED, FAILED, UNFINISHED }
}
