package dev.mlcompose.schema.model;

import java.util.Map;
import java.util.Optional;

/**
 * A top-level secret or config. Its content comes from a {@code file} (absolute path), an {@code environment}
 * variable of the project, or inline {@code content}; compose outside Swarm bind-mounts the first and copies the
 * others into the container.
 */
public record FileObject(String key, String name, boolean external, Map<String, String> labels, Optional<String> file,
                         Optional<String> environment, Optional<String> content) implements Resource {

    public FileObject {
        labels = ModelBinder.ordered(labels);
    }
}
