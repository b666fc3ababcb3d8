package dev.mlcompose.runner.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A one-off run of a service: an optional command and entrypoint (each replaces the service's), extra
 * environment, {@code --rm}, {@code --no-deps}; with {@code tty} its container gets a pseudo-terminal; with
 * {@code interactive} its stdin is open for the input the run attaches (the terminal's keys, or piped stdin).
 */
public record RunRequest(String service, Optional<List<String>> command, Optional<List<String>> entrypoint,
                         Map<String, String> environment, boolean remove, boolean noDeps, boolean tty,
                         boolean interactive) {

    public RunRequest {
        command = command.map(List::copyOf);
        entrypoint = entrypoint.map(List::copyOf);
        environment = Map.copyOf(environment);
    }

    /** Without a pseudo-terminal: the output is followed as lines. */
    public RunRequest(String service, Optional<List<String>> command, Optional<List<String>> entrypoint,
                      Map<String, String> environment, boolean remove, boolean noDeps) {
        this(service, command, entrypoint, environment, remove, noDeps, false, false);
    }
}
