package dev.mlcompose.runner.swarm;

import java.time.Duration;

/** The pause between two polls of the Swarm; an interrupt ends the command's waiting. */
final class Pause {

    private Pause() {
    }

    static void of(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailed("interrupted");
        }
    }
}
