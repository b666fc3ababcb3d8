package dev.mlcompose.runner.run;

import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.PlanRequestBuilder;
import dev.mlcompose.runner.plan.RecreatePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code up} should do.
 *
 * @param services    the services asked for; empty means all
 * @param waitTimeout the deadline for {@code --wait}; empty means each service's own default
 * @param parallel    how many containers start at once
 * @param pull        {@code --pull}: overrides every service's {@code pull_policy}
 * @param gpus        how GPU requests are scheduled
 * @param rerun       run jobs again even when a previous identical run succeeded ({@code --rerun})
 * @param renewAnonVolumes a recreated container gets new anonymous volumes instead of its predecessor's
 *                    ({@code -V/--renew-anon-volumes})
 */
public record UpRequest(Set<String> services, boolean waitReady, Optional<Duration> waitTimeout, BuildPolicy build,
                        RecreatePolicy recreate, boolean noDeps, boolean removeOrphans, Map<String, Integer> scale,
                        int parallel, Map<String, String> labels, PullPolicy pull, GpuOptions gpus, boolean rerun,
                        boolean renewAnonVolumes) {

    public UpRequest {
        services = Set.copyOf(services);
        scale = Map.copyOf(scale);
        labels = Map.copyOf(labels);
    }

    public UpRequest(Set<String> services, boolean waitReady, Optional<Duration> waitTimeout, BuildPolicy build,
                     RecreatePolicy recreate, boolean noDeps, boolean removeOrphans, Map<String, Integer> scale,
                     int parallel) {
        this(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel, Map.of(),
                PullPolicy.POLICY, GpuOptions.defaults(), false, false);
    }

    public static UpRequest defaults() {
        return new UpRequest(Set.of(), false, Optional.empty(), BuildPolicy.IF_MISSING, RecreatePolicy.IF_CHANGED,
                false, false, Map.of(), Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
    }

    public UpRequest withWaitTimeout(Duration timeout) {
        return new UpRequest(services, waitReady, Optional.of(timeout), build, recreate, noDeps, removeOrphans, scale,
                parallel, labels, pull, gpus, rerun, renewAnonVolumes);
    }

    /** Extra labels for every container created (the Java API marks its owner with one). */
    public UpRequest withLabels(Map<String, String> extra) {
        return new UpRequest(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                extra, pull, gpus, rerun, renewAnonVolumes);
    }

    public UpRequest withWait(boolean waitForReady) {
        return new UpRequest(services, waitForReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, gpus, rerun, renewAnonVolumes);
    }

    public UpRequest withServices(Set<String> only) {
        return new UpRequest(only, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, gpus, rerun, renewAnonVolumes);
    }

    public UpRequest withBuild(BuildPolicy policy) {
        return new UpRequest(services, waitReady, waitTimeout, policy, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, gpus, rerun, renewAnonVolumes);
    }

    public UpRequest withPull(PullPolicy policy) {
        return new UpRequest(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, policy, gpus, rerun, renewAnonVolumes);
    }

    public UpRequest withGpus(GpuOptions options) {
        return new UpRequest(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, options, rerun, renewAnonVolumes);
    }

    public UpRequest withRerun(boolean again) {
        return new UpRequest(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, gpus, again, renewAnonVolumes);
    }

    public UpRequest withRenewAnonVolumes(boolean renew) {
        return new UpRequest(services, waitReady, waitTimeout, build, recreate, noDeps, removeOrphans, scale, parallel,
                labels, pull, gpus, rerun, renew);
    }

    /** What the planner converges for this request. */
    PlanRequest planning() {
        return PlanRequestBuilder.builder().services(services).noDeps(noDeps).scale(scale).recreate(recreate)
                .removeOrphans(removeOrphans).rerun(rerun).renewAnonVolumes(renewAnonVolumes).build();
    }

    /** The deadline for waits that have no default of their own (jobs, GPUs): {@code --wait-timeout}, else a day. */
    Duration longWait() {
        return waitTimeout.orElse(Duration.ofDays(1));
    }

    /** When images are built: {@code --build} always, {@code --no-build} never, else when missing. */
    public enum BuildPolicy { IF_MISSING, ALWAYS, NEVER }

    /**
     * When images are pulled ({@code up --pull}, a service's {@code pull_policy}): {@code POLICY} leaves it to each
     * service (default {@code MISSING}); {@code BUILD} builds every service that has a build section.
     */
    public enum PullPolicy {
        POLICY, ALWAYS, MISSING, NEVER, BUILD;

        /** This policy, or the service's own {@code pull_policy} for {@code POLICY}. */
        public PullPolicy of(dev.mlcompose.schema.model.Service service) {
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

}
