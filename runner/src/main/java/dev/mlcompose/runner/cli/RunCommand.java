package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.PullPolicy;
import dev.mlcompose.runner.run.ProgressListener;
import dev.mlcompose.runner.run.RunRequest;
import dev.mlcompose.runner.run.RunRequestBuilder;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.schema.normalize.ShellWords;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlcompose run}: a one-off command in a new container of a service. As in compose, it runs on a
 * pseudo-terminal when mlcompose's stdin and stdout are a terminal, unless {@code -T}: the local terminal is raw
 * meanwhile (see {@link TerminalMode}) and its keys go in; with {@code -i=false} neither, so Ctrl-C stops
 * mlcompose. Without one (compose's {@code run -T}) stdin is piped in to its end and the container's stdout and
 * stderr come out apart, byte for byte, so {@code run -T job cat < data > copy} copies exactly.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a one-off command; the service's dependencies start and are waited for as in up.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose run --rm training python3 /app/train.py --epochs 1",
            "  mlcompose run --rm -e DEBUG=1 --no-deps inference env",
            "  mlcompose run --rm --entrypoint 'python3 -m pytest' training tests/",
            "  mlcompose run --rm training bash                 a shell, on a terminal",
            "  mlcompose run --rm -T training python3 eval.py   in scripts: no TTY",
            "  mlcompose run --rm -T training sh -c 'wc -l' < data.csv   piped input",
            "  mlcompose run --rm -v ./data:/data -p 127.0.0.1:8888:8888 notebook"})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

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

    @Option(names = {"-T", "--no-TTY"},
            description = "No pseudo-terminal (the default unless stdin and stdout are a terminal).")
    boolean noTty;

    @Option(names = {"-i", "--interactive"}, arity = "0..1", defaultValue = "true", fallbackValue = "true",
            paramLabel = "BOOL",
            description = "Attach stdin: the terminal's keys, or piped input to its end (default; -i=false does not).")
    boolean interactive;

    @Option(names = {"-d", "--detach"}, description = "Start it in the background and print its container ID.")
    boolean detach;

    @Option(names = "--name", paramLabel = "NAME", description = "The container's name.")
    String name;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Run as this user (name or uid[:gid]).")
    String user;

    @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container.")
    String workdir;

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VAL", description = "Add or override a label.")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--cap-add", paramLabel = "CAP", description = "Add a Linux capability.")
    List<String> capAdd = new ArrayList<>();

    @Option(names = "--cap-drop", paramLabel = "CAP", description = "Drop a Linux capability.")
    List<String> capDrop = new ArrayList<>();

    @Option(names = "--use-aliases", description = "Answer to the service's network aliases too.")
    boolean useAliases;

    @Option(names = {"-P", "--service-ports"}, description = "Publish the service's ports.")
    boolean servicePorts;

    @Option(names = {"-p", "--publish"}, paramLabel = "[IP:][HOST:]PORT[/PROTO]",
            description = "Publish a port of the one-off (repeatable; instead of --service-ports).")
    List<String> publish = new ArrayList<>();

    @Option(names = {"-v", "--volume"}, paramLabel = "SOURCE:TARGET[:OPTS]",
            description = "Mount a volume or a host path (relative to the project directory) over the service's (repeatable).")
    List<String> volumes = new ArrayList<>();

    @Option(names = "--build", description = "Build the service's image before running it.")
    boolean build;

    @Option(names = "--quiet-pull", description = "Pull without printing progress.")
    boolean quietPull;

    @Option(names = "--remove-orphans", description = "Remove containers of services the Compose file no longer has.")
    boolean removeOrphans;

    @Option(names = "--pull", paramLabel = "POLICY", defaultValue = "policy", converter = PullPolicies.ForRun.class,
            description = "Pull the image: always, missing or never (default: the service's pull_policy).")
    PullPolicy pull;

    @Option(names = {"-q", "--quiet"}, description = "No progress: the output is the container's alone.")
    boolean quiet;

    @Override
    public Integer call() {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--rm", "--env", "--no-deps", "--no-TTY", "--interactive",
                    "--user", "--workdir", "--label", "--quiet-pull", "--quiet");
            return SwarmCommands.run(root, service, new OneOffChanges(command, environment, user, workdir, labels),
                    noDeps, remove);
        }
        if (servicePorts && !publish.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "--service-ports and --publish are incompatible");
        }
        if (detach) {
            try (var session = root.session(); var oneOff = session.runner(this::shown).prepareRun(session.project(),
                    request(false).withInteractive(false).withDetach(true))) {
                root.invocation().out().println(oneOff.detach());
                return ExitCodes.OK;
            }
        }
        boolean tty = allocatesTty(root.invocation().console());
        try (var session = root.session(); var oneOff = session.runner(this::shown).prepareRun(session.project(), request(tty))) {
            var invocation = root.invocation();
            if (!tty) {
                invocation.out().flush();
                // Ctrl-C stops the one-off (a second one kills it), and --rm then removes it, as compose
                return Interrupts.around(invocation, oneOff::stop, oneOff::kill, interrupts -> oneOff.pipe(
                        interactive ? Optional.of(invocation.stdin()) : Optional.empty(), invocation.stdoutBytes(),
                        invocation.stderrBytes()));
            }
            // raw only now: the progress lines before were written for a terminal in its usual mode
            OptionalInt code;
            try (var mode = TerminalMode.forTty(interactive)) {
                code = oneOff.attach(interactive ? Optional.of(invocation.stdin()) : Optional.empty(),
                        mode.terminal(invocation.out()));
            }
            return TerminalMode.exitCode(code, invocation.err());
        }
    }

    /** Compose's rule: a pseudo-terminal unless -T, when mlcompose runs on a terminal. */
    /** {@code run -q}: no progress at all. */
    private ProgressListener shown(ProgressListener progress) {
        return quiet ? ProgressListener.QUIET : progress;
    }

    boolean allocatesTty(boolean terminal) {
        return !noTty && terminal;
    }

    RunRequest request(boolean tty) {
        return RunRequestBuilder.builder().service(service)
                .command(command.isEmpty() ? Optional.empty() : Optional.of(command))
                .entrypoint(Optional.ofNullable(entrypoint).filter(e -> !e.isBlank()).map(ShellWords::split))
                .environment(environment).remove(remove).noDeps(noDeps).tty(tty).interactive(interactive)
                .name(Optional.ofNullable(name)).user(Optional.ofNullable(user)).workdir(Optional.ofNullable(workdir))
                .labels(labels).capAdd(capAdd).capDrop(capDrop).useAliases(useAliases).servicePorts(servicePorts)
                .rebuild(build).quietPull(quietPull).removeOrphans(removeOrphans).pull(pull).publish(ShortSyntax.ports(publish)).volumes(ShortSyntax.volumes(volumes))
                .build();
    }
}
