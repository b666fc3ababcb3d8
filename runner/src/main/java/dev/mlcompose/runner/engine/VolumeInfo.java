package dev.mlcompose.runner.engine;

import java.util.Map;

/** A volume that exists: its name, labels, driver, where the engine keeps it, and its scope (local, global). */
public record VolumeInfo(String name, Map<String, String> labels, String driver, String mountpoint, String scope) {

    public VolumeInfo {
        labels = Map.copyOf(labels);
    }

    /** A local volume of the default driver. */
    public VolumeInfo(String name, Map<String, String> labels) {
        this(name, labels, "local", "", "local");
    }
}
