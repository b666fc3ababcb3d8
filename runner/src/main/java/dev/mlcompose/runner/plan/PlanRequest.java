package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.Buildable;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the planner is asked to converge; written by name: {@code PlanRequestBuilder.builder()…build()} or
 * {@code PlanRequest.up().withRerun(true)}.
 *
 * @param services         the services asked for; empty means all
 * @param noDeps           only those, not their dependencies ({@code --no-deps})
 * @param scale            replicas per service, over the file's ({@code --scale})
 * @param removeOrphans    remove containers of services the file no longer has
 * @param ignoreOrphans    neither remove them nor warn of them ({@code COMPOSE_IGNORE_ORPHANS})
 * @param rerun            run cached jobs again ({@code --rerun})
 * @param renewAnonVolumes recreated containers get new anonymous volumes ({@code -V})
 * @param oneOffOf         the service a one-off of which ({@code run}) waits for the services asked for
 * @param noStart          create what is missing or changed, start nothing and wait for nothing
 *                         ({@code up --no-start}, {@code create})
 * @param alwaysRecreateDeps the dependencies of the services asked for are recreated even when unchanged
 *                         ({@code --always-recreate-deps}); the services asked for follow {@code recreate}
 */
@Buildable
public record PlanRequest(Set<String> services, boolean noDeps, Map<String, Integer> scale, RecreatePolicy recreate,
                          boolean removeOrphans, boolean ignoreOrphans, boolean rerun, boolean renewAnonVolumes, Optional<String> oneOffOf,
                          boolean noStart, boolean alwaysRecreateDeps)
        implements PlanRequestBuilder.With {

    public PlanRequest {
        services = Set.copyOf(services);
        scale = Map.copyOf(scale);
    }

    /** {@code up} of everything, nothing forced. */
    public static PlanRequest up() {
        return PlanRequestBuilder.builder().recreate(RecreatePolicy.IF_CHANGED).build();
    }
}
