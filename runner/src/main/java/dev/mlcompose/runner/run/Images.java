package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.ImageFetch;
import dev.mlcompose.runner.plan.ImagePlanner;
import dev.mlcompose.runner.plan.ImageStep;
import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** Makes sure each service's image is there, as {@link ImagePlanner} decides: built from its build section, or pulled. */
final class Images {

    private final Engine engine;
    private final ProgressListener progress;
    /** {@code build}'s args over each build section's, and its options. */
    private final Map<String, String> args;
    private final BuildSpec.Options options;

    Images(Engine engine, ProgressListener progress) {
        this(engine, progress, Map.of(), BuildSpec.Options.DEFAULTS);
    }

    Images(Engine engine, ProgressListener progress, Map<String, String> args, BuildSpec.Options options) {
        this.engine = engine;
        this.progress = progress;
        this.args = args;
        this.options = options;
    }

    /** Pulls at once: they wait on the network. Builds at once: they compete for the CPUs. */
    static final int PULLS = 4;
    static final int BUILDS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    /**
     * The images of {@code services} as {@link ImagePlanner} decides, each image once however many services share
     * it: builds and pulls run in two bounded pools of their own (container starts have a third, {@code --parallel}).
     * Returns service to image ID. A service whose image can be neither built nor pulled fails before any image is
     * fetched; else the first failure is thrown once every image has been tried.
     */
    Map<String, String> ensureAll(Project project, Collection<String> services, UpRequest request) {
        return ensureAll(project, services, request.buildPolicy(), request.pull());
    }

    Map<String, String> ensureAll(Project project, Collection<String> services, BuildPolicy build, PullPolicy pull) {
        var present = observe(project, services);
        var plan = refusingMissing(ImagePlanner.plan(project, services, present.keySet(), build, pull));
        var builds = Executors.newFixedThreadPool(BUILDS, Background.daemon("mlcompose-build"));
        var pulls = Executors.newFixedThreadPool(PULLS, Background.daemon("mlcompose-pull"));
        try {
            var ids = new LinkedHashMap<ImageStep, CompletableFuture<String>>();
            plan.steps().forEach(step -> ids.put(step, CompletableFuture.supplyAsync(() -> fetch(project, step, build,
                    present), step.fetch() == ImageFetch.BUILD ? builds : pulls)));
            CompletableFuture.allOf(ids.values().toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            var out = new LinkedHashMap<String, String>();
            ids.forEach((step, id) -> {
                String fetched = Background.join(id);
                step.services().forEach(s -> out.put(s, fetched));
            });
            return out;
        } finally {
            builds.shutdownNow();
            pulls.shutdownNow();
        }
    }

    /** What {@link #ensureAll} would do, nothing done: per image, its fetch, and the IDs of those used as they are. */
    Preview preview(Project project, Collection<String> services, UpRequest request) {
        var present = observe(project, services);
        var plan = refusingMissing(ImagePlanner.plan(project, services, present.keySet(), request.buildPolicy(),
                request.pull()));
        var fetches = new ArrayList<ImageStep>();
        var ids = new HashMap<String, String>();
        plan.steps().forEach(step -> {
            if (step.fetch() == ImageFetch.USE) {
                step.services().forEach(s -> ids.put(s, present.get(step.image()).id()));
            } else {
                fetches.add(step);
            }
        });
        return new Preview(fetches, ids);
    }

    /** The images that would be built or pulled, and service to image ID for the others. */
    record Preview(List<ImageStep> fetches, Map<String, String> imageIds) {
    }

    /**
     * The plan, when no service's missing image is refused; else its failure, naming the first such service (each
     * on a line of its own when there are several), as {@code up} and its dry run both report it.
     */
    private static ImagePlanner.ImagePlan refusingMissing(ImagePlanner.ImagePlan plan) {
        var refusals = plan.refusals();
        if (refusals.isEmpty()) {
            return plan;
        }
        throw new ServiceFailure(refusals.get(0).service(), refusals.size() == 1 ? refusals.get(0).reason()
                : String.join("\n", refusals.stream().map(ImagePlanner.Refusal::toString).toList()));
    }

    /** The images the plan asks about that the engine has, by name. */
    private Map<String, ImageInfo> observe(Project project, Collection<String> services) {
        var present = new HashMap<String, ImageInfo>();
        ImagePlanner.images(project, services).forEach(image -> engine.image(image).ifPresent(i -> present.put(image, i)));
        return present;
    }

    /** Carries out one step; returns the image's ID, which containers record so that a rebuilt image recreates them. */
    private String fetch(Project project, ImageStep step, BuildPolicy build, Map<String, ImageInfo> present) {
        Service maker = project.service(step.maker()).orElseThrow();
        switch (step.fetch()) {
            case USE -> {
                return present.get(step.image()).id();
            }
            case BUILD -> build(project, maker, step.image(), line -> { });
            case PULL_ALWAYS -> pullAlways(project, maker, step.image(), build != BuildPolicy.NEVER
                    && maker.build().isPresent(), line -> { });
            case PULL -> pull(maker, step.image());
        }
        return engine.image(step.image()).map(ImageInfo::id).orElse("");
    }

    private void pullAlways(Project project, Service service, String image, boolean buildable, Consumer<String> output) {
        progress.on(ProgressEvent.image(image, Status.PULLING, service.name()));
        try {
            engine.pull(image, line -> { });
            progress.on(ProgressEvent.image(image, Status.PULLED, ""));
        } catch (EngineException e) {
            if (!buildable) {
                throw new ServiceFailure(service.name(), "pull policy always: " + e.getMessage()
                        + (engine.imageExists(image) ? "; a local copy exists, which --pull missing would use" : ""), e);
            }
            build(project, service, image, output);
        }
    }

    private void build(Project project, Service service, String image, Consumer<String> output) {
        Service.Build build = service.build().orElseThrow();
        if (build.context().isEmpty()) { // "${PWD}" unset: compose 2.26.1 keeps "" and its build stops here too
            throw new ServiceFailure(service.name(), "build.context is empty: please specify a build context"
                    + " (e.g. \".\" for the project directory)");
        }
        progress.on(ProgressEvent.image(image, Status.BUILDING, service.name()));
        long start = System.nanoTime();
        try {
            var buildArgs = new LinkedHashMap<>(build.args());
            buildArgs.putAll(args);
            engine.build(new BuildSpec(Path.of(build.context()), build.dockerfile().orElse("Dockerfile"), buildArgs,
                    build.target(), image, Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service.name()),
                    options), output);
        } catch (EngineException e) {
            throw new ServiceFailure(service.name(), "build of " + image + " failed: " + e.getMessage(), e);
        }
        progress.on(ProgressEvent.image(image, Status.BUILT, seconds(start)));
    }

    private void pull(Service service, String image) {
        progress.on(ProgressEvent.image(image, Status.PULLING, service.name()));
        try {
            engine.pull(image, line -> { });
        } catch (EngineException e) {
            throw new ServiceFailure(service.name(), "image " + image + " is not available: " + e.getMessage(), e);
        }
        progress.on(ProgressEvent.image(image, Status.PULLED, ""));
    }

    static String seconds(long startNanos) {
        return String.format("%.1fs", (System.nanoTime() - startNanos) / 1e9);
    }
}
