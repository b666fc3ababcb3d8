package dev.mlcompose.schema.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a service's {@code deploy} block that only an orchestrator (Docker Swarm) reads. What one engine
 * also honours is bound elsewhere: {@code replicas} into {@link Service#replicas()}, {@code resources} into
 * {@link Service#resources()}, {@code restart_policy} into {@link Service#restart()} when {@code restart} is absent.
 *
 * @param labels           labels of the Swarm service itself ({@code deploy.labels}), not of its containers
 * @param genericResources {@code resources.reservations.generic_resources}: named resources that nodes advertise
 */
public record Deploy(Optional<Mode> mode, Map<String, String> labels, Optional<String> endpointMode,
                     Placement placement, Optional<RestartPolicy> restartPolicy, Optional<UpdatePolicy> update,
                     Optional<UpdatePolicy> rollback, List<GenericResource> genericResources) {

    public Deploy {
        labels = ModelBinder.ordered(labels);
        genericResources = List.copyOf(genericResources);
    }

    /** No {@code deploy} block. */
    public static final Deploy NONE = new Deploy(Optional.empty(), Map.of(), Optional.empty(), Placement.NONE,
            Optional.empty(), Optional.empty(), Optional.empty(), List.of());

    /** {@code deploy.mode}, as the Compose Specification spells it ({@link #toString()}). */
    public enum Mode {
        REPLICATED("replicated"), GLOBAL("global"), REPLICATED_JOB("replicated-job"), GLOBAL_JOB("global-job");

        private final String spelling;

        Mode(String spelling) {
            this.spelling = spelling;
        }

        /** The mode spelled {@code text}; the schema has refused any other before this is called. */
        public static Mode of(String text) {
            for (Mode m : values()) {
                if (m.spelling.equals(text)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown deploy mode: " + text);
        }

        public boolean isJob() {
            return this == REPLICATED_JOB || this == GLOBAL_JOB;
        }

        @Override
        public String toString() {
            return spelling;
        }
    }

    /** Where tasks may run: node constraints, spread preferences (their descriptors) and a per-node cap. */
    public record Placement(List<String> constraints, List<String> spreads, Optional<Integer> maxReplicasPerNode) {
        public Placement {
            constraints = List.copyOf(constraints);
            spreads = List.copyOf(spreads);
        }

        public static final Placement NONE = new Placement(List.of(), List.of(), Optional.empty());
    }

    /** {@code deploy.restart_policy} as written; {@code condition} is {@code none}, {@code on-failure} or {@code any}. */
    public record RestartPolicy(Optional<String> condition, Optional<Duration> delay, Optional<Integer> maxAttempts,
                                Optional<Duration> window) {
    }

    /** {@code update_config} or {@code rollback_config}. */
    public record UpdatePolicy(Optional<Integer> parallelism, Optional<Duration> delay, Optional<String> failureAction,
                               Optional<Duration> monitor, Optional<Double> maxFailureRatio, Optional<String> order) {
    }

    /** One {@code discrete_resource_spec}: {@code value} units of {@code kind} (e.g. 1 of {@code gpu}). */
    public record GenericResource(String kind, long value) {
    }
}
