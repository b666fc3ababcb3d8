package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.Set;

/**
 * {@code mlcompose build}: the images of the services asked for that have a build section (every one when none is
 * named), with their dependencies' when asked, each built whether it exists or not, by the same {@link Images} as
 * {@code up} builds them.
 */
final class ServiceBuilds {

    private final Engine engine;
    private final ProgressListener progress;

    ServiceBuilds(Engine engine, ProgressListener progress) {
        this.engine = engine;
        this.progress = progress;
    }

    void build(Project project, BuildRequest request) {
        Set<String> asked = request.services().isEmpty() ? project.services().keySet() : request.services();
        Set<String> selected = request.withDependencies() ? ServiceGraph.of(project).withDependencies(asked) : asked;
        var buildable = project.services().values().stream().filter(s -> s.build().isPresent())
                .filter(s -> selected.contains(s.name())).map(Service::name).toList();
        new Images(engine, request.quiet() ? ProgressListener.QUIET : progress, request.args(), request.options())
                .ensureAll(project, buildable, UpRequest.defaults().withBuildPolicy(BuildPolicy.ALWAYS));
    }
}
