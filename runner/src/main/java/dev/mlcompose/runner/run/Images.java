package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/** Makes sure each service's image is there: built from its build section, or pulled. */
final class Images {

    private final Engine engine;
    private final ProgressListener progress;

    Images(Engine engine, ProgressListener progress) {
        this.engine = engine;
        this.progress = progress;
    }

    /** Returns the image's ID, which containers record so that a rebuilt image recreates them. */
    String ensure(Project project, Service service, UpRequest.BuildPolicy policy, Consumer<String> buildOutput) {
        String image = ContainerSpecs.image(project, service);
        var info = engine.image(image);
        boolean present = info.isPresent();
        boolean buildable = service.build().isPresent();
        boolean forced = policy == UpRequest.BuildPolicy.ALWAYS
                || service.options().pullPolicy().filter("build"::equals).isPresent();
        if (buildable && policy != UpRequest.BuildPolicy.NEVER && (forced || !present)) {
            build(project, service, image, buildOutput);
        } else if (!present && buildable) {
            throw new ServiceFailure(service.name(), "image " + image + " is missing and --no-build was given");
        } else if (!present) {
            pull(service, image);
        } else {
            return info.get().id();
        }
        return engine.image(image).map(dev.mlcompose.runner.engine.ImageInfo::id).orElse("");
    }

    private void build(Project project, Service service, String image, Consumer<String> output) {
        Service.Build build = service.build().orElseThrow();
        progress.on("Image", image, "Building", service.name());
        long start = System.nanoTime();
        try {
            engine.build(new BuildSpec(Path.of(build.context()), build.dockerfile().orElse("Dockerfile"), build.args(),
                    build.target(), image, Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service.name())),
                    output);
        } catch (EngineException e) {
            throw new ServiceFailure(service.name(), "build of " + image + " failed: " + e.getMessage(), e);
        }
        progress.on("Image", image, "Built", seconds(start));
    }

    private void pull(Service service, String image) {
        progress.on("Image", image, "Pulling", service.name());
        try {
            engine.pull(image, line -> { });
        } catch (EngineException e) {
            throw new ServiceFailure(service.name(), "image " + image + " is not available: " + e.getMessage(), e);
        }
        progress.on("Image", image, "Pulled", "");
    }

    static String seconds(long startNanos) {
        return String.format("%.1fs", (System.nanoTime() - startNanos) / 1e9);
    }
}
