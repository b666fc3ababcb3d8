package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.engine.docker.EngineDiscovery;
import java.nio.file.Path;

/** The engine the CLI talks to: the Docker Engine found the way the docker CLI finds it. */
final class Engines {

    private Engines() {
    }

    static Engine docker(Invocation invocation) {
        String home = invocation.environment().getOrDefault("HOME", System.getProperty("user.home"));
        return new DockerEngine(new EngineDiscovery(invocation.environment(), Path.of(home))::find);
    }
}
