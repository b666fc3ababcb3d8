package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.Buildable;
import java.util.Map;
import java.util.Set;

/**
 * What {@code mlcompose build} builds and how, as compose's flags say; written by name:
 * {@code BuildRequestBuilder.builder()…build()}.
 *
 * @param services         the services asked for; empty means every one that has a build section
 * @param withDependencies their dependencies' images too ({@code --with-dependencies})
 * @param args             build args over each build section's own ({@code --build-arg})
 * @param options          {@code --no-cache}, {@code --pull}, {@code -m/--memory}
 * @param quiet            no progress ({@code -q})
 */
@Buildable
public record BuildRequest(Set<String> services, boolean withDependencies, Map<String, String> args,
                           BuildSpec.Options options, boolean quiet) implements BuildRequestBuilder.With {

    public BuildRequest {
        services = Set.copyOf(services);
        args = Map.copyOf(args);
    }

    /** Every buildable service, as each build section says. */
    public static BuildRequest all() {
        return BuildRequestBuilder.builder().services(Set.of()).args(Map.of()).options(BuildSpec.Options.DEFAULTS).build();
    }
}
