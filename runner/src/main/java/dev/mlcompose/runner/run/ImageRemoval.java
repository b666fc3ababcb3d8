package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.schema.model.Project;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which images {@code down --rmi} removes, as docker compose: {@code local} only the images mlcompose built
 * under their default name (services without {@code image:}), {@code all} every service's image.
 */
public enum ImageRemoval {
    NONE, LOCAL, ALL;

    /** {@code local} or {@code all}, as the option is spelled; anything else is not a removal. */
    public static Optional<ImageRemoval> of(String option) {
        return switch (option) {
            case "local" -> Optional.of(LOCAL);
            case "all" -> Optional.of(ALL);
            default -> Optional.empty();
        };
    }

    /**
     * The images to remove: those of the project's containers and, when the Compose file was read, of every
     * service in it (a service built but never started still has an image).
     */
    Set<String> images(String project, List<ContainerState> containers, Optional<Project> model) {
        var images = new TreeSet<String>();
        if (this == NONE) {
            return images;
        }
        for (ContainerState c : containers) {
            String service = c.label(Labels.SERVICE);
            if (this == ALL || c.image().equals(project + "-" + service)) {
                images.add(c.image());
            }
        }
        model.ifPresent(p -> p.services().values().stream().filter(s -> this == ALL || s.image().isEmpty())
                .forEach(s -> images.add(Names.image(p, s))));
        return images;
    }
}
