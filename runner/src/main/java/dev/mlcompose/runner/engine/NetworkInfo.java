package dev.mlcompose.runner.engine;

import java.time.Instant;
import java.util.Map;

/** A network that exists, and when the engine created it. */
public record NetworkInfo(String id, String name, Map<String, String> labels, Instant created) {

    public NetworkInfo {
        labels = Map.copyOf(labels);
    }

    public NetworkInfo(String id, String name, Map<String, String> labels) {
        this(id, name, labels, Instant.EPOCH);
    }
}
