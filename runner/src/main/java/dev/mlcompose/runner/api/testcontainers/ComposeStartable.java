package dev.mlcompose.runner.api.testcontainers;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.ComposeProject;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.engine.docker.EngineDiscovery;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.lifecycle.Startable;

/**
 * A Compose project as a Testcontainers {@link Startable}, so that {@code @Testcontainers}/{@code @Container}
 * manage it. Unlike Testcontainers' ComposeContainer it needs no docker compose binary, waits on the
 * file's own healthchecks and jobs, and accepts container_name. Ryuk cannot be pulled where no registry
 * answers: set {@code TESTCONTAINERS_RYUK_DISABLED=true}; mlcompose's own reaper (owner labels swept on the
 * next start) and {@link #stop()} remove the project.
 */
public final class ComposeStartable implements Startable {

    private final ComposeProject project;
    private ComposeEnvironment environment;

    public ComposeStartable(ComposeProject project) {
        this.project = project;
    }

    /**
     * Talks to the engine Testcontainers found (its {@code DOCKER_HOST}, ~/.testcontainers.properties and
     * discovery strategies), so that one suite uses one engine for both.
     */
    public static ComposeStartable withTestcontainersEngine(ComposeProject project) {
        return new ComposeStartable(project.withEngine(() -> new DockerEngine(() -> new EngineDiscovery.Endpoint(
                DockerClientFactory.instance().getTransportConfig().getDockerHost().toString(), "Testcontainers",
                Optional.empty(), Path.of(System.getProperty("user.home"), ".docker")))));
    }

    @Override
    public synchronized void start() {
        if (environment == null) {
            environment = project.up();
        }
    }

    @Override
    public synchronized void stop() {
        if (environment != null) {
            environment.close();
            environment = null;
        }
    }

    /** The running environment; {@link #start()} first. */
    public synchronized ComposeEnvironment environment() {
        if (environment == null) {
            throw new IllegalStateException("project " + project.name() + " is not started");
        }
        return environment;
    }
}
