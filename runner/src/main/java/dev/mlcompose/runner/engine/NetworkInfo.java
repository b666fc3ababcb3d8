package dev.mlcompose.runner.engine;

import java.util.Map;

/** A network that exists. */
public record NetworkInfo(String id, String name, Map<String, String> labels) {

    public NetworkInfo {
        labels = Map.copyOf(labels);
    }
}
