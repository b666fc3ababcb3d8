package dev.mlcompose.runner.api.testcontainers;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.ComposeProject;
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
