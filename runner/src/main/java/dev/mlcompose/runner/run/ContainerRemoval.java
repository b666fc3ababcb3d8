package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * Removes a stopped container, when another {@code down} of the project may be removing it at the same time: one
 * that is gone already counts as removed, and one whose removal is in progress elsewhere is waited for, so that the
 * project's networks can go once it is gone.
 */
final class ContainerRemoval {

    /** How often (every 100 ms) a container that another down is removing is looked for, before giving up. */
    private static final int REMOVAL_LOOKS = 300;

    private final Engine engine;

    ContainerRemoval(Engine engine) {
        this.engine = engine;
    }

    void remove(ContainerState c) {
        try {
            engine.remove(c.id(), true);
        } catch (EngineException e) {
            if (inProgressElsewhere(e)) {
                awaitRemoved(c, e);
            } else if (e.kind() != EngineException.Kind.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** Whether the engine refused the removal because another one of the same container is under way. */
    private static boolean inProgressElsewhere(EngineException e) {
        return e.kind() == EngineException.Kind.CONFLICT && String.valueOf(e.reason()).contains("already in progress");
    }

    private void awaitRemoved(ContainerState c, EngineException refusal) {
        var looks = Retry.of("removal of " + c.name(), RetryConfig.<Boolean>custom().maxAttempts(REMOVAL_LOOKS)
                .waitDuration(Duration.ofMillis(100)).retryOnResult(present -> present).build());
        if (looks.executeSupplier(() -> exists(c.id()))) {
            throw refusal;
        }
    }

    private boolean exists(String id) {
        try {
            engine.inspect(id);
            return true;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
