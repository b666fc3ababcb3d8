package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Buildable;
import java.util.Set;

/**
 * What {@code mlcompose pull} pulls, as compose's flags say; written by name: {@code PullRequestBuilder.builder()…}.
 *
 * @param services        the services asked for; empty means all
 * @param includeDeps     their dependencies too ({@code --include-deps})
 * @param ignoreBuildable not the images of services that have a build section ({@code --ignore-buildable})
 * @param ignoreFailures  a failed pull is a warning, not a failure ({@code --ignore-pull-failures})
 * @param onlyMissing     only images not present locally ({@code --policy missing}); else every one
 * @param quiet           no pull progress ({@code -q})
 */
@Buildable
public record PullRequest(Set<String> services, boolean includeDeps, boolean ignoreBuildable, boolean ignoreFailures,
                          boolean onlyMissing, boolean quiet) implements PullRequestBuilder.With {

    public PullRequest {
        services = Set.copyOf(services);
    }
}
