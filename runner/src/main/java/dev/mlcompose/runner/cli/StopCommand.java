package dev.mlcompose.runner.cli;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose stop}: stop containers without removing them. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop running containers (dependants first).")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(paramLabel = "SERVICE", description = "Only these services.")
    List<String> services = List.of();

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10", description = "Shutdown timeout.")
    int timeout;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            session.runner().stop(session.projectName(), Set.copyOf(services), Duration.ofSeconds(timeout));
            return ExitCodes.OK;
        }
    }
}
