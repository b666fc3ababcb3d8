package dev.mlcompose.runner.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code -t/--timeout}: how long a stopped container gets to exit before it is killed, as compose's (10 s when not
 * given). One mixin for {@code up}, {@code down}, {@code stop}, {@code restart}; the commands that stop without the
 * option ({@code rm -s}, {@code wait --down-project}, an interrupted {@code train}) use {@link #DEFAULT}.
 */
final class ShutdownTimeout {

    static final Duration DEFAULT = Duration.ofSeconds(10);

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds a container gets to stop before it is killed (default: ${DEFAULT-VALUE}).")
    int seconds;

    Duration duration() {
        return Duration.ofSeconds(seconds);
    }
}
