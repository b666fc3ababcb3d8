package dev.mlcompose.runner.engine;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command to run in a running container; {@code stdin}, when present, is piped to it. With a {@code terminal}
 * the command gets a pseudo-terminal (as {@code docker exec -t}): stdin goes in as raw bytes, and the terminal's
 * output (stdout and stderr are one stream on a TTY) goes as raw bytes to the terminal's output, not as lines.
 * {@code privileged} gives the command extended privileges ({@code docker exec --privileged}, a hook's
 * {@code privileged: true}).
 */
public record ExecRequest(List<String> command, Map<String, String> environment, Optional<String> user,
                          Optional<String> workingDir, Optional<InputStream> stdin, Optional<Terminal> terminal,
                          boolean privileged) {

    public ExecRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The same command with no stdin attached. */
    public ExecRequest withoutStdin() {
        return new ExecRequest(command, environment, user, workingDir, Optional.empty(), terminal, privileged);
    }

    /** Not privileged. */
    public ExecRequest(List<String> command, Map<String, String> environment, Optional<String> user,
                       Optional<String> workingDir, Optional<InputStream> stdin, Optional<Terminal> terminal) {
        this(command, environment, user, workingDir, stdin, terminal, false);
    }

    /** Without a pseudo-terminal, not privileged. */
    public ExecRequest(List<String> command, Map<String, String> environment, Optional<String> user,
                       Optional<String> workingDir, Optional<InputStream> stdin) {
        this(command, environment, user, workingDir, stdin, Optional.empty());
    }
}
