package dev.mlcompose.runner.engine;

import java.util.Map;

/** A named volume to create. */
public record VolumeSpec(String name, String driver, Map<String, String> driverOptions, Map<String, String> labels) {

    public VolumeSpec {
        driverOptions = Map.copyOf(driverOptions);
        labels = Map.copyOf(labels);
    }
}
