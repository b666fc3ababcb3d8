package dev.mlcompose.runner.engine;

import java.util.List;

/**
 * What the engine says about itself: {@code os} is its OS type ({@code linux}, {@code windows}); {@code cpus} and
 * {@code memoryBytes} what containers can get at most; {@code runtimes} the OCI runtimes it knows.
 */
public record EngineInfo(String endpoint, String version, String apiVersion, String os, int cpus, long memoryBytes,
                         List<String> runtimes) {

    public EngineInfo {
        runtimes = List.copyOf(runtimes);
    }
}
