package dev.mlcompose.runner.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-off run of a service: an optional command and entrypoint (each replaces the service's), extra
 * environment, {@code --rm}, {@code --no-deps}.
 */
public record RunRequest(String service, Optional<List<String>> command, Optional<List<String>> entrypoint,
                         Map<String, String> environment,
                         boolean remove, boolean noDeps) {

    public RunRequest {
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = Map.copyOf(environment);
    }
}
