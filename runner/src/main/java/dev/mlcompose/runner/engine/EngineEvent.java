package dev.mlcompose.runner.engine;

import java.util.Map;

/**
 * A container event: {@code action} is the engine's ({@code start}, {@code die}, {@code oom},
 * {@code health_status: healthy}, …); {@code attributes} carry labels and, for {@code die}, the exitCode.
 */
public record EngineEvent(String containerId, String action, Map<String, String> attributes, long timeNanos) {

    public EngineEvent {
        attributes = Map.copyOf(attributes);
    }

    public boolean isHealthStatus() {
        return action.startsWith("health_status");
    }
}
