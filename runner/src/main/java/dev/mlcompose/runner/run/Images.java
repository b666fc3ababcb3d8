package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.BuildSpec;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Makes sure each service's image is there: built from its build section, or pulled. */
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
     * The images of {@code services}, each image once however many services share it: builds and pulls run
     * in two bounded pools of their own (container starts have a third, {@code --parallel}). Returns service
     * to image ID; the first failure is thrown once every image has been tried.
     */
    Map<String, String> ensureAll(Project project, java.util.Collection<String> services, UpRequest request) {
        var byImage = byImage(project, services);
        var builds = java.util.concurrent.Executors.newFixedThreadPool(BUILDS, Background.daemon("mlcompose-build"));
        var pulls = java.util.concurrent.Executors.newFixedThreadPool(PULLS, Background.daemon("mlcompose-pull"));
        try {
            var ids = new java.util.LinkedHashMap<String, java.util.concurrent.CompletableFuture<String>>();
            byImage.forEach((image, users) -> {
                Service first = maker(users);
                ids.put(image, java.util.concurrent.CompletableFuture.supplyAsync(() -> ensure(project, first,
                        request.buildPolicy(), request.pull(), line -> { }), first.build().isPresent() ? builds : pulls));
            });
            java.util.concurrent.CompletableFuture.allOf(ids.values().toArray(java.util.concurrent.CompletableFuture[]::new))
                    .exceptionally(e -> null).join();
            var out = new java.util.LinkedHashMap<String, String>();
            byImage.forEach((image, users) -> users.forEach(s -> out.put(s.name(), Background.join(ids.get(image)))));
            byImage.values().stream().flatMap(List::stream).forEach(s -> ensureStepImages(project, s));
            return out;
        } finally {
            builds.shutdownNow();
            pulls.shutdownNow();
        }
    }

    /** What {@link #ensureAll} would do, nothing done: per image, its fetch, and the IDs of those used as they are. */
    Preview preview(Project project, java.util.Collection<String> services, UpRequest request) {
        var fetches = new java.util.TreeMap<String, ImageFetch>();
        var ids = new java.util.HashMap<String, String>();
        byImage(project, services).forEach((image, users) -> {
            var present = engine.image(image);
            var fetch = fetch(project, maker(users), present.isPresent(), request.buildPolicy(), request.pull());
            if (fetch == ImageFetch.USE) {
                users.forEach(s -> ids.put(s.name(), present.orElseThrow().id()));
            } else {
                fetches.put(image, fetch);
            }
        });
        return new Preview(fetches, ids);
    }

    /** The images that would be built or pulled, and service to image ID for the others. */
    record Preview(Map<String, ImageFetch> fetches, Map<String, String> imageIds) {
    }

    /** The services by the image they run, each image once however many share it. */
    private static Map<String, List<Service>> byImage(Project project, java.util.Collection<String> services) {
        var byImage = new java.util.LinkedHashMap<String, List<Service>>();
        services.forEach(name -> {
            Service s = project.service(name).orElseThrow();
            byImage.computeIfAbsent(Names.image(project, s), k -> new java.util.ArrayList<>()).add(s);
        });
        return byImage;
    }

    /** The service whose section makes a shared image: the first that can build it, else the first. */
    private static Service maker(List<Service> users) {
        return users.stream().filter(s -> s.build().isPresent()).findFirst().orElse(users.get(0));
    }

    String ensure(Project project, Service service, UpRequest.BuildPolicy policy, Consumer<String> buildOutput) {
        return ensure(project, service, policy, UpRequest.PullPolicy.POLICY, buildOutput);
    }

    /**
     * As compose's {@code pullRequiredImages} + {@code ensureImagesExists}: a build is the fallback of a failed pull.
     * Returns the image's ID, which containers record so that a rebuilt image recreates them.
     */
    String ensure(Project project, Service service, UpRequest.BuildPolicy policy, UpRequest.PullPolicy pull,
                  Consumer<String> buildOutput) {
        String image = Names.image(project, service);
        var present = engine.image(image);
        switch (fetch(project, service, present.isPresent(), policy, pull)) {
            case USE -> {
                return present.get().id();
            }
            case BUILD -> build(project, service, image, buildOutput);
            case PULL_ALWAYS -> pullAlways(project, service, image, policy != UpRequest.BuildPolicy.NEVER
                    && service.build().isPresent(), buildOutput);
            case PULL -> pull(service, image);
        }
        return engine.image(image).map(dev.mlcompose.runner.engine.ImageInfo::id).orElse("");
    }

    /** What {@code up} does about a service's image; a missing image that may be neither built nor pulled fails. */
    private static ImageFetch fetch(Project project, Service service, boolean present, UpRequest.BuildPolicy policy,
                                       UpRequest.PullPolicy pull) {
        boolean buildable = service.build().isPresent() && policy != UpRequest.BuildPolicy.NEVER;
        UpRequest.PullPolicy pulling = pull.of(service);
        if (buildable && (policy == UpRequest.BuildPolicy.ALWAYS || pulling == UpRequest.PullPolicy.BUILD)) {
            return ImageFetch.BUILD;
        } else if (pulling == UpRequest.PullPolicy.ALWAYS && service.image().isPresent()) {
            return ImageFetch.PULL_ALWAYS;
        } else if (present) {
            return ImageFetch.USE;
        } else if (buildable) {
            return ImageFetch.BUILD;
        } else if (service.build().isPresent()) {
            throw new ServiceFailure(service.name(), "image " + Names.image(project, service)
                    + " is missing and --no-build was given");
        } else if (pulling == UpRequest.PullPolicy.NEVER) {
            throw new ServiceFailure(service.name(), "image " + Names.image(project, service) + " is missing and the"
                    + " pull policy is never (pull or load it first, or use --pull missing)");
        }
        return ImageFetch.PULL;
    }

    /** The images of a service's pre_start steps that are not its own, pulled when missing (compose's pull.go). */
    private void ensureStepImages(Project project, Service service) {
        service.lifecycle().preStart().stream().flatMap(step -> step.image().stream())
                .filter(image -> !image.equals(Names.image(project, service)) && !engine.imageExists(image))
                .distinct().forEach(image -> pull(service, image));
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
