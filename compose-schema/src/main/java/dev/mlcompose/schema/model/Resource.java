package dev.mlcompose.schema.model;

import java.util.Map;

/** A top-level network, volume, secret or config, with the engine-side name compose gives it. */
public record Resource(String key, String name, boolean external, Map<String, String> labels) {

    public Resource {
        labels = Map.copyOf(labels);
    }
}
