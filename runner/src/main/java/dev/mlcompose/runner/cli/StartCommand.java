package dev.mlcompose.runner.cli;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose start}: start existing containers. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start existing containers.")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(paramLabel = "SERVICE", description = "Only these services.")
    List<String> services = List.of();

    @Override
    public Integer call() {
        try (var session = root.session()) {
            session.runner().start(session.projectName(), Set.copyOf(services));
            return ExitCodes.OK;
        }
    }
}
