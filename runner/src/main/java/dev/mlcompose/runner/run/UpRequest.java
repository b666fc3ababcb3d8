package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Buildable;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.PlanRequestBuilder;
import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.runner.plan.RecreatePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code up} should do; written by name: {@code UpRequest.defaults().withWaitReady(true)} or
 * {@code UpRequestBuilder.builder(UpRequest.defaults())…build()}.
 *
 * @param services    the services asked for; empty means all
 * @param waitReady   wait until they are running and healthy ({@code --wait})
 * @param waitTimeout the deadline for {@code --wait}; empty means each service's own default
 * @param buildPolicy {@code --build}, {@code --no-build}
 * @param recreate    {@code --force-recreate}, {@code --no-recreate}
 * @param noDeps      not their dependencies ({@code --no-deps})
 * @param removeOrphans remove containers of services the file no longer has ({@code --remove-orphans})
 * @param ignoreOrphans neither remove nor name them ({@code COMPOSE_IGNORE_ORPHANS})
 * @param scale       replicas per service, over the file's ({@code --scale})
 * @param parallel    how many containers start at once
 * @param labels      extra labels for every container created (the Java API marks its owner with one)
 * @param pull        {@code --pull}: overrides every service's {@code pull_policy}
 * @param gpus        how GPU requests are scheduled
 * @param rerun       run jobs again even when a previous identical run succeeded ({@code --rerun})
 * @param renewAnonVolumes a recreated container gets new anonymous volumes instead of its predecessor's
 *                    ({@code -V/--renew-anon-volumes})
 * @param noStart     create containers, start none and wait for nothing ({@code --no-start}, {@code create})
 * @param alwaysRecreateDeps recreate the dependencies of the services asked for ({@code --always-recreate-deps})
 * @param quietPull   pull without reporting progress ({@code --quiet-pull})
 */
@Buildable
public record UpRequest(Set<String> services, boolean waitReady, Optional<Duration> waitTimeout,
                        BuildPolicy buildPolicy, RecreatePolicy recreate, boolean noDeps, boolean removeOrphans,
                        boolean ignoreOrphans, Map<String, Integer> scale, int parallel, Map<String, String> labels,
                        PullPolicy pull, GpuOptions gpus, boolean rerun, boolean renewAnonVolumes,
                        boolean noStart, boolean alwaysRecreateDeps, boolean quietPull) implements UpRequestBuilder.With {

    public UpRequest {
        services = Set.copyOf(services);
        scale = Map.copyOf(scale);
        labels = Map.copyOf(labels);
    }

    /** compose's defaults: everything, images built when missing, containers recreated when changed. */
    public static UpRequest defaults() {
        return UpRequestBuilder.builder().buildPolicy(BuildPolicy.IF_MISSING).recreate(RecreatePolicy.IF_CHANGED)
                .parallel(Math.max(8, Runtime.getRuntime().availableProcessors() * 4)).pull(PullPolicy.POLICY)
                .gpus(GpuOptions.defaults()).build();
    }

    public UpRequest withWaitTimeout(Duration timeout) {
        return withWaitTimeout(Optional.of(timeout));
    }

    /** What the planner converges for this request. */
    PlanRequest planning() {
        return PlanRequestBuilder.builder().services(services).noDeps(noDeps).scale(scale).recreate(recreate)
                .removeOrphans(removeOrphans).ignoreOrphans(ignoreOrphans).rerun(rerun).renewAnonVolumes(renewAnonVolumes)
                .noStart(noStart).alwaysRecreateDeps(alwaysRecreateDeps).build();
    }

    /** The deadline for waits that have no default of their own (jobs, GPUs): {@code --wait-timeout}, else a day. */
    Duration longWait() {
        return waitTimeout.orElse(Duration.ofDays(1));
    }
}
