package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.ExecRequest;
import dev.mlcompose.runner.engine.Terminal;
import java.io.InputStream;
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
 * {@code mlcompose exec}: a command in a running container. As in compose (cmd/compose/exec.go) it gets a
 * pseudo-terminal when mlcompose's stdin and stdout are a terminal, unless {@code -T}; then the local terminal
 * is raw for the duration (see {@link TerminalMode}), unless {@code -i=false}: no keys go in then, and Ctrl-C
 * stays mlcompose's. {@code -t} asks for one without a terminal. stdin is attached unless {@code -i=false}; without
 * a TTY it is piped in to its end, and the command's stdout and stderr come out apart, byte for byte.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Run a command in a running container.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose exec training sh                   a shell, on a pseudo-terminal",
            "  mlcompose exec -T database pg_isready -U ml  in scripts: no pseudo-terminal",
            "  mlcompose exec -T database psql -U ml < dump.sql   piped input, to its end"})
final class ExecCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command = new ArrayList<>();

    @Option(names = {"-T", "--no-TTY"}, description = "No pseudo-terminal (the default unless stdin is a terminal).")
    boolean noTty;

    @Option(names = {"-t", "--tty"}, description = "A pseudo-terminal even when stdin is not a terminal.")
    boolean tty;

    @Option(names = {"-i", "--interactive"}, arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Attach stdin (default; -i=false does not).")
    boolean interactive;

    @Option(names = {"-e", "--env"}, paramLabel = "KEY=VAL", description = "Set an environment variable.")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user.")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory.")
    String workdir;

    @Option(names = "--index", defaultValue = "1", description = "Which container of the service.")
    int index;

    @Option(names = "--privileged", description = "Give the command extended privileges.")
    boolean privileged;

    @Option(names = {"-d", "--detach"}, description = "Run the command in the background; print nothing.")
    boolean detach;

    @Override
    public Integer call() {
        boolean terminal = root.invocation().console();
        boolean allocate = !detach && allocatesTty(terminal);
        var out = root.invocation().out();
        // with -t but no terminal there is nothing local to make raw or to take the size of
        try (var session = root.session();
             var mode = allocate && terminal ? TerminalMode.forTty(interactive) : TerminalMode.NONE) {
            var invocation = root.invocation();
            if (detach) {
                session.inspector().execDetached(session.projectName(), service, index,
                        request(invocation.stdin(), Optional.empty()).withoutStdin());
                return ExitCodes.OK;
            }
            if (!allocate) {
                out.flush();
                return session.inspector().execPiped(session.projectName(), service, index,
                        request(invocation.stdin(), Optional.empty()), invocation.stdoutBytes(), invocation.stderrBytes());
            }
            return session.inspector().exec(session.projectName(), service, index,
                    request(invocation.stdin(), Optional.of(mode.terminal(out))), line -> { });
        }
    }

    /** Compose's rule: a pseudo-terminal unless -T, by default only when stdin is a terminal; -t asks for one. */
    boolean allocatesTty(boolean terminal) {
        return !noTty && (tty || terminal);
    }

    ExecRequest request(InputStream stdin, Optional<Terminal> screen) {
        return new ExecRequest(command, environment, Optional.ofNullable(user), Optional.ofNullable(workdir),
                interactive ? Optional.of(stdin) : Optional.empty(), screen, privileged);
    }
}
