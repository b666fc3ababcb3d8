package dev.mlcompose.runner.engine;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A command to run in a running container; {@code stdin}, when present, is piped to it (no TTY). */
public record ExecRequest(List<String> command, Map<String, String> environment, Optional<String> user,
                          Optional<String> workingDir, Optional<InputStream> stdin) {

    public ExecRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
