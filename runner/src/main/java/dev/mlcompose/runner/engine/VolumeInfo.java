package dev.mlcompose.runner.engine;

import java.util.Map;

/** A volume that exists. */
public record VolumeInfo(String name, Map<String, String> labels) {

    public VolumeInfo {
        labels = Map.copyOf(labels);
    }
}
