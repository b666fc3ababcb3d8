package dev.mlcompose.runner.run;

import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The images the services name ({@code image:}) that {@code pull} and {@code push} act on, each once, and how both
 * report the ones that failed.
 */
final class NamedImages {

    private NamedImages() {
    }

    /**
     * Image to the first service (in the file's order) that names it, among the services asked for (all when none),
     * their dependencies too with {@code includeDeps}, and only those that pass {@code which}.
     */
    static Map<String, Service> of(Project project, Set<String> services, boolean includeDeps, Predicate<Service> which) {
        Set<String> asked = services.isEmpty() ? project.services().keySet() : services;
        Set<String> selected = includeDeps ? ServiceGraph.of(project).withDependencies(asked) : asked;
        var byImage = new LinkedHashMap<String, Service>();
        project.services().values().stream().filter(s -> selected.contains(s.name()) && s.image().isPresent())
                .filter(which).forEach(s -> byImage.putIfAbsent(s.image().get(), s));
        return byImage;
    }

    /** Every failure, one line each: warnings when they are to be ignored, else one failure of the command. */
    static void report(List<String> failures, boolean ignore, Consumer<String> warnings) {
        if (ignore) {
            failures.forEach(warnings);
        } else if (!failures.isEmpty()) {
            throw new ServiceFailure("", String.join("\n", failures));
        }
    }
}
