package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.schema.model.Project;
import java.util.ArrayList;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code mlcompose push}: the images of the services that build one and name it ({@code build:} and {@code image:},
 * as compose 2.26.1 chooses them), pushed to their registries, each image once, one after the other. Every push is tried; then the failed ones fail the command
 * together, one line each, unless they are to be ignored ({@code --ignore-push-failures}).
 */
final class ServicePushes {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    ServicePushes(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    void push(Project project, Set<String> services, boolean includeDeps, boolean ignoreFailures) {
        var byImage = NamedImages.of(project, services, includeDeps, s -> s.build().isPresent());
        var failed = new ArrayList<String>();
        byImage.forEach((image, service) -> {
            progress.on(ProgressEvent.image(image, Status.PUSHING, service.name()));
            try {
                engine.push(image, line -> { });
                progress.on(ProgressEvent.image(image, Status.PUSHED, ""));
            } catch (EngineException e) {
                progress.on(ProgressEvent.image(image, Status.FAILED, service.name()));
                failed.add("service " + service.name() + ": " + e.getMessage());
            }
        });
        NamedImages.report(failed, ignoreFailures, warnings);
    }
}
