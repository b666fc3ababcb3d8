package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.RunRequest;
import dev.mlcompose.schema.normalize.ShellWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose run}: a one-off command in a new container of a service. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a one-off command; the service's dependencies start and are waited for as in up.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose run --rm training python3 /app/train.py --epochs 1",
            "  mlcompose run --rm -e DEBUG=1 --no-deps inference env",
            "  mlcompose run --rm --entrypoint 'python3 -m pytest' training tests/"})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", paramLabel = "COMMAND", description = "Command and arguments (default: the service's).")
    List<String> command = new ArrayList<>();

    @Option(names = "--rm", description = "Remove the container when it exits.")
    boolean remove;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set an environment variable.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--entrypoint", paramLabel = "CMD",
            description = "Override the entrypoint; split into words as a shell would (an empty one is ignored).")
    String entrypoint;

    @Option(names = "--no-deps", description = "Do not start the service's dependencies.")
    boolean noDeps;

    @Option(names = {"-T", "--no-TTY"}, description = "Accepted for compatibility: output is never a TTY.")
    boolean noTty;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            var request = new RunRequest(service, command.isEmpty() ? Optional.empty() : Optional.of(command),
                    Optional.ofNullable(entrypoint).filter(e -> !e.isBlank()).map(ShellWords::split), environment,
                    remove, noDeps);
            var printer = session.logs(false, false, 0);
            return session.runner().run(session.project(), request, printer::print);
        }
    }
}
