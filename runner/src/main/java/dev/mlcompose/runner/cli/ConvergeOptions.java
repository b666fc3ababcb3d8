package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.runner.plan.RecreatePolicy;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.runner.run.UpRequestBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options {@code up} and {@code create} share, as compose spells them: how images are made, when containers
 * are recreated, orphans, scale. One place that checks their combinations and writes them into the request.
 */
final class ConvergeOptions {

    @Option(names = "--build", description = "Build images before starting.")
    boolean build;

    @Option(names = "--no-build", description = "Do not build missing images.")
    boolean noBuild;

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "policy", converter = PullPolicies.ForUp.class,
            description = "Pull images: always, missing, never or build (default: each service's pull_policy).")
    PullPolicy pull;

    @Option(names = "--quiet-pull", description = "Pull without printing progress.")
    boolean quietPull;

    @Option(names = "--force-recreate", description = "Recreate containers even if unchanged.")
    boolean forceRecreate;

    @Option(names = "--no-recreate", description = "Keep existing containers even if changed.")
    boolean noRecreate;

    @Option(names = "--remove-orphans",
            description = "Remove containers of services no longer in the files (or COMPOSE_REMOVE_ORPHANS=1).")
    boolean removeOrphans;

    @Option(names = "--scale", paramLabel = "SERVICE=NUM", description = "Number of containers of a service.")
    Map<String, Integer> scale = new LinkedHashMap<>();

    /** Refuses what compose refuses to combine; {@code environment} is the invocation's. */
    void check(Map<String, String> environment) {
        if (build && noBuild) {
            throw new CliException(ExitCodes.USAGE, "--build and --no-build cannot be combined");
        }
        if (forceRecreate && noRecreate) {
            throw new CliException(ExitCodes.USAGE, "--force-recreate and --no-recreate cannot be combined");
        }
        if (removingOrphans(environment) && ignoringOrphans(environment)) {
            throw new CliException(ExitCodes.USAGE, "cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans");
        }
    }

    /** {@code builder} with these options written into it. */
    UpRequestBuilder applyTo(UpRequestBuilder builder, Map<String, String> environment) {
        return builder
                .buildPolicy(build ? BuildPolicy.ALWAYS : noBuild ? BuildPolicy.NEVER : BuildPolicy.IF_MISSING)
                .recreate(forceRecreate ? RecreatePolicy.ALWAYS : noRecreate ? RecreatePolicy.NEVER : RecreatePolicy.IF_CHANGED)
                .removeOrphans(removingOrphans(environment))
                .ignoreOrphans(ignoringOrphans(environment))
                .scale(scale)
                .quietPull(quietPull)
                .pull(pull);
    }

    boolean removingOrphans(Map<String, String> environment) {
        return removeOrphans || Session.truthy(environment.get("COMPOSE_REMOVE_ORPHANS"));
    }

    private static boolean ignoringOrphans(Map<String, String> environment) {
        return Session.truthy(environment.get("COMPOSE_IGNORE_ORPHANS"));
    }
}
