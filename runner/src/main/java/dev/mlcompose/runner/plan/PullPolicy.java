package dev.mlcompose.runner.plan;

import dev.mlcompose.schema.model.Service;

/**
 * When images are pulled ({@code up --pull}, a service's {@code pull_policy}): {@code POLICY} leaves it to each
 * service (default {@code MISSING}); {@code BUILD} builds every service that has a build section.
 */
public enum PullPolicy {
    POLICY, ALWAYS, MISSING, NEVER, BUILD;

    /** This policy, or the service's own {@code pull_policy} for {@code POLICY}. */
    public PullPolicy of(Service service) {
        return this != POLICY ? this : service.options().pullPolicy().map(PullPolicy::parse).orElse(MISSING);
    }

    /** A Compose {@code pull_policy}; {@code daily}, {@code weekly}, {@code every_…} act as {@code missing}. */
    public static PullPolicy parse(String policy) {
        return switch (policy) {
            case "always" -> ALWAYS;
            case "never" -> NEVER;
            case "build" -> BUILD;
            default -> MISSING;
        };
    }
}
