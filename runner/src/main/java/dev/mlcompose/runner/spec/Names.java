package dev.mlcompose.runner.spec;

import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;

/** The names compose gives what it makes for a service; mlcompose uses the same, so each tool finds the other's. */
public final class Names {

    private Names() {
    }

    /** The container name: {@code container_name}, else {@code {project}-{service}-{n}}. */
    public static String container(Project project, Service service, int number) {
        return service.containerName().orElse(project.name() + "-" + service.name() + "-" + number);
    }

    /** The image a service runs: its {@code image}, else the one its build makes, {@code {project}-{service}}. */
    public static String image(Project project, Service service) {
        return service.image().orElse(project.name() + "-" + service.name());
    }
}
