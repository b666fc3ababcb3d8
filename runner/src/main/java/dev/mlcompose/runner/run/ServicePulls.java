package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code mlcompose pull}: the images of the services asked for, several at once, as compose pulls them. Every pull
 * is tried; then the failed ones fail the command together, one line each, unless they are to be ignored. A
 * service that can be built is named with the command that makes its image instead.
 */
final class ServicePulls {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    ServicePulls(Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
        this.progress = progress;
    }

    void pull(Project project, PullRequest request) {
        var pulls = Executors.newFixedThreadPool(Images.PULLS, Background.daemon("mlcompose-pull"));
        try {
            var results = new ArrayList<CompletableFuture<String>>();
            for (Service service : NamedImages.of(project, request.services(), request.includeDeps(), s -> true).values()) {
                results.add(CompletableFuture.supplyAsync(() -> pull(service, request), pulls));
            }
            NamedImages.report(results.stream().map(Background::join).filter(f -> !f.isEmpty()).toList(),
                    request.ignoreFailures(), warnings);
        } finally {
            pulls.shutdownNow();
        }
    }

    /** Pulls the service's image unless it is to be skipped; returns why it failed, or "" when it did not. */
    private String pull(Service service, PullRequest request) {
        String image = service.image().orElseThrow();
        if (request.ignoreBuildable() && service.build().isPresent()) {
            progress.on(ProgressEvent.image(image, Status.SKIPPED, "image can be built"));
            return "";
        }
        if (request.onlyMissing() && engine.imageExists(image)) {
            progress.on(ProgressEvent.image(image, Status.SKIPPED, "image is already present locally"));
            return "";
        }
        ProgressListener shown = progress.withoutPullsIf(request.quiet());
        shown.on(ProgressEvent.image(image, Status.PULLING, service.name()));
        try {
            engine.pull(image, line -> { });
            shown.on(ProgressEvent.image(image, Status.PULLED, ""));
            return "";
        } catch (EngineException e) {
            shown.on(ProgressEvent.image(image, Status.FAILED, service.name()));
            return "service " + service.name() + ": " + e.getMessage()
                    + (service.build().isPresent() ? "; it can be built: mlcompose build " + service.name() : "");
        }
    }
}
