package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.ExecRequest;
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

/**
 * {@code mlcompose exec}: a command in a running container. There is no pseudo-terminal yet: with a
 * terminal (and without {@code -T}) stdin is piped to the command, which serves scripts and line-based
 * shells; full-screen programs need {@code docker exec -it}.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a running container.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose exec -T database pg_isready -U ml", "  echo 'SELECT 1' | mlcompose exec database psql -U ml"})
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Option(names = {"-T", "--no-TTY"}, description = "Do not attach stdin.")
    boolean noStdin;

    @Option(names = {"-i", "--interactive"}, description = "Attach stdin (default unless -T).")
    boolean interactive;

    @Option(names = "-t", description = "Accepted for compatibility; no pseudo-terminal is allocated.")
    boolean tty;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set an environment variable.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
    String workdir;

    @Option(names = "--index", defaultValue = "1", description = "Which container of the service.")
    int index;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            var request = new ExecRequest(command, environment, Optional.ofNullable(user), Optional.ofNullable(workdir),
                    noStdin ? Optional.empty() : Optional.of(root.invocation().stdin()));
            var out = root.invocation().out();
            return session.runner().exec(session.projectName(), service, index, request, line -> {
                out.println(line.text());
                out.flush();
            });
        }
    }
}
