package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The state that a watched container's waits are decided on: the engine's, read again for a moment where it lags
 * behind (an out-of-memory kill), and healthy where mlcompose has vouched for it. The watch's events only say when
 * to read; this says what was read.
 */
final class WatchedStates {

    /** How long a killed container's out-of-memory flag is looked for, and how often. */
    private static final Duration OOM_FLAG_SETTLE = Duration.ofSeconds(1);
    private static final Duration OOM_FLAG_LOOK = Duration.ofMillis(100);

    private final Engine engine;
    private final Set<String> vouched = ConcurrentHashMap.newKeySet();

    WatchedStates(Engine engine) {
        this.engine = engine;
    }

    /** The container's state, as its waits should see it; an engine failure is thrown as it came. */
    ContainerState read(String id) {
        return vouched(killedSettled(engine.inspect(id)));
    }

    /**
     * From now on a container whose health is {@code starting} counts as healthy: a run of its healthcheck by
     * mlcompose passed ({@link StartIntervalProbes}).
     */
    void vouchHealthy(String id) {
        vouched.add(id);
    }

    /**
     * A container killed (137) whose out-of-memory flag is not set, inspected again for a moment: the engine handles
     * the kernel's OOM event apart from the exit and may send "die" before it has set the flag, so that an
     * out-of-memory kill would be reported as a bare exit code.
     */
    private ContainerState killedSettled(ContainerState state) {
        long deadline = System.nanoTime() + OOM_FLAG_SETTLE.toNanos();
        while (!state.isRunning() && state.exitCode() == 137 && !state.oomKilled() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(OOM_FLAG_LOOK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return state;
            }
            state = engine.inspect(state.id());
        }
        return state;
    }

    private ContainerState vouched(ContainerState state) {
        return vouched.contains(state.id()) && state.health().filter("starting"::equals).isPresent()
                ? state.withHealth("healthy") : state;
    }
}
