package dev.mlcompose.runner.cli;

import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlcompose attach}: this terminal's input and output to a service's running container, as compose's
 * {@code attach}. A container with a TTY gets the terminal raw (when there is one); otherwise its stdout and
 * stderr come out apart, byte for byte. SIGINT and SIGTERM go to the container, as compose's default
 * {@code --sig-proxy}; with {@code --sig-proxy=false} they end this command and leave the container running.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach this terminal's input and output to a service's running container.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose attach training             follow its output, type into it",
            "  mlcompose attach --no-stdin --index 2 worker"})
final class AttachCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = "--index", defaultValue = "1", paramLabel = "N", description = "Which container of the service (default 1).")
    int index;

    @Option(names = "--no-stdin", description = "Do not attach stdin.")
    boolean noStdin;

    @Option(names = "--detach-keys", paramLabel = "KEYS",
            description = "Keys that detach a terminal from the container, e.g. ctrl-x,x (default: the engine's, ctrl-p,ctrl-q).")
    String detachKeys;

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "BOOL",
            description = "Pass SIGINT and SIGTERM on to the container (default true); false: they end the attach only.")
    boolean sigProxy;

    @Override
    public Integer call() {
        if (detachKeys != null) {
            DetachKeys.checked(detachKeys);
        }
        try (var session = root.session();
             var signals = sigProxy ? Interrupts.forward(root.invocation(), signal -> session.inspector().signal(session.projectName(),
                     service, index, signal)) : Interrupts.Forwarding.NONE) {
            var invocation = root.invocation();
            var stdin = noStdin ? Optional.<InputStream>empty() : Optional.of(invocation.stdin());
            boolean tty = session.project().service(service).map(s -> s.options().process().tty()).orElse(false);
            if (tty && invocation.console()) {
                OptionalInt code;
                try (var mode = TerminalMode.forTty(!noStdin)) {
                    var terminal = mode.terminal(invocation.out());
                    code = session.inspector().attachTerminal(session.projectName(), service, index, stdin,
                            detachKeys == null ? terminal : terminal.withDetachKeys(detachKeys));
                }
                return TerminalMode.exitCode(code, invocation.err());
            }
            invocation.out().flush();
            return session.inspector().attachPiped(session.projectName(), service, index, stdin, invocation.stdoutBytes(),
                    invocation.stderrBytes());
        }
    }
}
