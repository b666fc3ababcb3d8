package dev.mlcompose.schema.model;

import java.util.Map;

/**
 * A top-level network, volume, secret or config, with the engine-side name compose gives it; {@code file} is
 * a secret's or config's file (absolute), when it comes from one.
 */
public record Resource(String key, String name, boolean external, Map<String, String> labels,
                       java.util.Optional<String> file) {

    public Resource {
        labels = Map.copyOf(labels);
    }
}
