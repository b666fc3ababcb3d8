package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A training job's container as it starts, for whoever shows its progress: {@code onRetryStart} registers
 * a listener called with the start time of each retry (to follow its logs again).
 */
public record TrainingJob(String service, String containerId, ContainerState state,
                          Consumer<Consumer<Instant>> onRetryStart) {
}
