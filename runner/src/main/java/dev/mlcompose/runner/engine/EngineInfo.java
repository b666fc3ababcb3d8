package dev.mlcompose.runner.engine;

import java.util.List;

/** What the engine says about itself; {@code runtimes} and {@code gpuDrivers} matter for GPU checks. */
public record EngineInfo(String endpoint, String version, String apiVersion, String os, int cpus, long memoryBytes,
                         List<String> runtimes) {

    public EngineInfo {
        runtimes = List.copyOf(runtimes);
    }
}
