package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, purely, what happens to each image before the containers are planned, as compose's
 * {@code pullRequiredImages} and {@code ensureImagesExists} do: built, pulled or used, each image once however many
 * services share it. It comes before {@link Planner#plan}, whose input the images' IDs are: only a build tells
 * whether a rebuilt image is another one, which recreates its containers.
 */
public final class ImagePlanner {

    /**
     * The steps, and the services whose missing image may be neither built nor pulled, each as its line
     * ({@code service S: image I is missing and …}): refused before any image is fetched.
     */
    public record ImagePlan(List<ImageStep> steps, List<Refusal> refusals) {
        public ImagePlan {
            steps = List.copyOf(steps);
            refusals = List.copyOf(refusals);
        }
    }

    /** A service whose image cannot be had, and why. */
    public record Refusal(String service, String reason) {
        @Override
        public String toString() {
            return "service " + service + ": " + reason;
        }
    }

    private ImagePlanner() {
    }

    /** The images {@link #plan} asks about: the services' own, and those of their pre_start steps. */
    public static Set<String> images(Project project, Collection<String> services) {
        var images = new LinkedHashSet<>(byImage(project, services).keySet());
        services.forEach(s -> images.addAll(stepImages(project, project.service(s).orElseThrow())));
        return images;
    }

    /**
     * @param present the images the engine has, of those {@link #images} names
     */
    public static ImagePlan plan(Project project, Collection<String> services, Set<String> present, BuildPolicy build,
                                 PullPolicy pull) {
        var steps = new ArrayList<ImageStep>();
        var refusals = new ArrayList<Refusal>();
        var byImage = byImage(project, services);
        byImage.forEach((image, users) -> {
            Service maker = maker(users);
            var names = users.stream().map(Service::name).toList();
            fetch(maker, present.contains(image), build, pull).ifPresentOrElse(
                    fetch -> steps.add(new ImageStep(image, maker.name(), names, fetch)),
                    () -> refusals.add(new Refusal(maker.name(), "image " + image + " is missing and "
                            + (maker.build().isPresent() ? "--no-build was given"
                            : "the pull policy is never (pull or load it first, or use --pull missing)"))));
        });
        // compose's pull.go: a pre_start step's image that is not one of the project's own is pulled when missing
        var pulled = new LinkedHashSet<String>();
        byImage.values().stream().flatMap(List::stream).forEach(s -> stepImages(project, s).stream()
                .filter(image -> !byImage.containsKey(image) && !present.contains(image) && pulled.add(image))
                .forEach(image -> steps.add(new ImageStep(image, s.name(), List.of(), ImageFetch.PULL))));
        return new ImagePlan(steps, refusals);
    }

    /** What {@code up} does about a service's image; empty when it is missing and may be neither built nor pulled. */
    private static Optional<ImageFetch> fetch(Service service, boolean present, BuildPolicy policy,
                                              PullPolicy pull) {
        boolean buildable = service.build().isPresent() && policy != BuildPolicy.NEVER;
        PullPolicy pulling = pull.of(service);
        if (buildable && (policy == BuildPolicy.ALWAYS || pulling == PullPolicy.BUILD)) {
            return Optional.of(ImageFetch.BUILD);
        } else if (pulling == PullPolicy.ALWAYS && service.image().isPresent()) {
            return Optional.of(ImageFetch.PULL_ALWAYS);
        } else if (present) {
            return Optional.of(ImageFetch.USE);
        } else if (buildable) {
            return Optional.of(ImageFetch.BUILD);
        } else if (service.build().isPresent() || pulling == PullPolicy.NEVER) {
            return Optional.empty();
        }
        return Optional.of(ImageFetch.PULL);
    }

    /** The services by the image they run, each image once however many share it. */
    private static Map<String, List<Service>> byImage(Project project, Collection<String> services) {
        var byImage = new LinkedHashMap<String, List<Service>>();
        services.forEach(name -> {
            Service s = project.service(name).orElseThrow();
            byImage.computeIfAbsent(Names.image(project, s), k -> new ArrayList<>()).add(s);
        });
        return byImage;
    }

    /** The service whose section makes a shared image: the first that can build it, else the first. */
    private static Service maker(List<Service> users) {
        return users.stream().filter(s -> s.build().isPresent()).findFirst().orElse(users.get(0));
    }

    private static List<String> stepImages(Project project, Service service) {
        return service.lifecycle().preStart().stream().flatMap(step -> step.image().stream())
                .filter(image -> !image.equals(Names.image(project, service))).distinct().toList();
    }
}
