package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.docker.DockerCluster;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.engine.docker.EngineDiscovery;
import dev.mlcompose.runner.swarm.Cluster;
import java.nio.file.Path;

/** The engine the CLI talks to: the Docker Engine (or Swarm manager) found the way the docker CLI finds it. */
final class Engines {

    private Engines() {
    }

    static Engine docker(Invocation invocation) {
        return dockerEngine(invocation);
    }

    /** The Swarm manager of {@code --backend swarm}, found as the engine is. */
    static Cluster cluster(Invocation invocation) {
        return new DockerCluster(dockerEngine(invocation));
    }

    private static DockerEngine dockerEngine(Invocation invocation) {
        String home = invocation.environment().getOrDefault("HOME", System.getProperty("user.home"));
        return new DockerEngine(new EngineDiscovery(invocation.environment(), Path.of(home))::find);
    }
}
