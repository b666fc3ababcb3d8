package dev.mlcompose.runner.engine;

import java.util.Map;

/** A network to create. */
public record NetworkSpec(String name, String driver, boolean internal, Map<String, String> labels) {

    public NetworkSpec {
        labels = Map.copyOf(labels);
    }
}
