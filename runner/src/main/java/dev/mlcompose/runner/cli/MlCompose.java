package dev.mlcompose.runner.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code mlcompose} command: global options and the subcommands. */
@Command(name = "mlcompose", mixinStandardHelpOptions = true, versionProvider = MlCompose.Version.class,
        description = "Run Compose-file ML pipelines (training, inference, monitoring) on a Docker Engine.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose up -d --wait                 start the project, wait until it is ready",
            "  mlcompose ps                           see it",
            "  mlcompose logs -f inference            follow one service's output",
            "  mlcompose down                         take it down (named volumes stay; -v removes them)",
            "  mlcompose config                       print the resolved project",
            "  mlcompose -f compose.yml -f gpu.yml config --format json",
            "  mlcompose --profile train config --services",
            "  source <(mlcompose generate-completion)   bash/zsh completion"},
        exitCodeListHeading = "%nExit codes:%n")
public final class MlCompose implements Runnable {

    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> COMMANDS = List.of(ConfigCommand.class, UpCommand.class, AttachCommand.class,
            CreateCommand.class, DownCommand.class, PsCommand.class, LogsCommand.class, StartCommand.class, StopCommand.class,
            LifecycleCommands.Restart.class, LifecycleCommands.Scale.class, LifecycleCommands.Pause.class, LifecycleCommands.Unpause.class,
            LifecycleCommands.Kill.class, LifecycleCommands.Rm.class,
            BuildCommand.class, LifecycleCommands.Port.class, LifecycleCommands.Ls.class,
            LifecycleCommands.Wait.class, PullCommand.class, PushCommand.class, EventsCommand.class, RunCommand.class,
            ExecCommand.class, CpCommand.class, InspectCommands.Top.class, StatsCommand.class, InspectCommands.Images.class, VolumesCommand.class, WatchCommand.class,
            TrainCommand.class, RunsCommand.class,
            LintCommand.class, VizCommand.class, VersionCommand.class, CdsTrainingCommand.class, HelpCommand.class,
            GenerateCompletion.class);

    /**
     * Global options that take a value (the next argument unless written --opt=value or -fVALUE), read off
     * {@link ProjectOptions}' own declarations so that a new one cannot be missed here.
     */
    private static final Set<String> WITH_VALUE = CommandSpec.forAnnotatedObject(new ProjectOptions())
            .options().stream().filter(o -> o.arity().max() > 0).flatMap(o -> Arrays.stream(o.names()))
            .collect(Collectors.toUnmodifiableSet());

    @Mixin
    ProjectOptions options;

    @Spec
    CommandSpec spec;

    private Invocation invocation;
    private EngineWarmUp warmUp;
    private String command = "";
    /** The whole command line, as a run's record names what ran it. */
    private String line = "mlcompose";

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    ProjectOptions options() {
        return options;
    }

    Invocation invocation() {
        return invocation;
    }

    /** Where this command line's jobs are recorded, and the line itself. */
    dev.mlcompose.runner.history.Recording recording() {
        return new dev.mlcompose.runner.history.Recording(options.stateDir(invocation), line);
    }

    /** The commands that are one runner call on the project: make that call, then exit 0. */
    int onProject(BiConsumer<dev.mlcompose.runner.run.ProjectLifecycle, String> call) {
        try (var session = session()) {
            call.accept(session.lifecycle(), session.projectName());
            return ExitCodes.OK;
        }
    }

    /** What {@code --dry-run} may run: the commands that only read, and those that print their plan instead. */
    private static final Set<String> DRY_RUNS = Set.of("up", "create", "down", "stop", "ps", "logs",
            "images", "volumes", "ls", "top", "events", "port", "stats", "config", "version", "viz", "lint");

    /** Whether {@code --dry-run} was given; a command that would change something and cannot dry-run is refused. */
    boolean dryRun() {
        if (options.dryRun && !DRY_RUNS.contains(command)) {
            throw new CliException(ExitCodes.USAGE, "--dry-run is not available for " + command
                    + "; it is for up, create, down and stop, and for the commands that only read");
        }
        return options.dryRun;
    }

    Session session() {
        return session(List.of());
    }

    /** A session on the global {@code -f} files and then {@code moreFiles}, a command's own. */
    Session session(List<String> moreFiles) {
        dryRun(); // refused before anything is read or changed
        SwarmCommands.refuseUnavailable(this, command);
        if (options.compatibility) {
            throw new CliException(ExitCodes.USAGE, "--compatibility (compose v1's project_service_1 names) is not"
                    + " available: mlcompose names containers as compose v2 does, project-service-1");
        }
        var files = new ArrayList<>(options.files);
        files.addAll(moreFiles);
        return new Session(this, files, () -> warmUp.take().orElseGet(() -> Engines.docker(invocation)));
    }

    Style style() {
        return Style.of(options.ansi(invocation.environment()), invocation);
    }

    public static void main(String[] args) {
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        Thread.setDefaultUncaughtExceptionHandler(uncaught(err, Arrays.asList(args).contains("--debug")));
        System.exit(run(new Invocation(out, err, System.in, System.getenv(), Path.of("").toAbsolutePath(),
                System.out, System.err, System.console() != null, Signals.JVM), args));
    }

    /**
     * A thread that dies of an exception nobody waits for: docker-java's stream pumps do when the engine closes a
     * connection under them (a detach, a container gone), which the command sees and reports by itself. No stack
     * trace without {@code --debug}; another thread's failure is one line.
     */
    private static Thread.UncaughtExceptionHandler uncaught(PrintWriter err, boolean debug) {
        return (thread, e) -> {
            if (debug) {
                e.printStackTrace(err);
            } else if (!thread.getName().startsWith("docker-java")) {
                err.println("error: " + thread.getName() + ": " + e + " (run with --debug for the stack trace)");
            }
            err.flush();
        };
    }

    /** Runs the CLI in-process; returns the exit code. */
    public static int run(Invocation invocation, String... args) {
        var root = new MlCompose();
        root.invocation = invocation;
        String wanted = commandName(args);
        root.command = wanted;
        root.line = String.join(" ", java.util.stream.Stream.concat(java.util.stream.Stream.of("mlcompose"),
                Arrays.stream(args)).toList());
        root.warmUp = EngineWarmUp.startFor(wanted, args, () -> Engines.docker(invocation));
        var cli = new CommandLine(root);
        // Building a command's model reflects over all its options (~10 ms each): only the one asked for is built,
        // unless help, completion or a mistyped name needs them all.
        var given = Arrays.asList(args); // the version alone needs no subcommand: picocli prints it and stops
        boolean versionOnly = wanted.isEmpty() && (given.contains("-V") || given.contains("--version"))
                && !given.contains("-h") && !given.contains("--help");
        boolean all = !versionOnly && (COMMANDS.stream().noneMatch(c -> name(c).equals(wanted))
                || wanted.equals("help") || wanted.equals("generate-completion"));
        COMMANDS.stream().filter(c -> all || name(c).equals(wanted)).forEach(cli::addSubcommand);
        cli.setOut(invocation.out()).setErr(invocation.err());
        cli.setExecutionExceptionHandler(new ErrorReporter(root));
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.getCommandSpec().usageMessage().exitCodeList(exitCodes());
        if (cli.getSubcommands().containsKey("generate-completion")) {
            cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        }
        for (String command : List.of("run", "exec")) {
            if (cli.getSubcommands().containsKey(command)) {
                cli.getSubcommands().get(command).setStopAtPositional(true); // all after SERVICE is the command
            }
        }
        int code;
        try {
            code = cli.execute(args);
        } catch (StackOverflowError | OutOfMemoryError e) {
            code = ErrorReporter.exhausted(e, invocation.err(), root.options != null && root.options.debug);
        }
        root.warmUp.closeUnlessTaken();
        invocation.out().flush();
        invocation.err().flush();
        return code;
    }

    /**
     * The commands that need a process of their own rather than the resident server: the terminal's raw mode and
     * window size (attach, exec, run), or a fresh JVM (cds-training records what a JVM loads).
     */
    private static final Set<String> OWN_PROCESS = Set.of("attach", "exec", "run", "cds-training");

    /** Whether this command line must run in a JVM of its own (see {@code dev.mlcompose.runner.server}). */
    public static boolean needsOwnProcess(String... args) {
        return OWN_PROCESS.contains(commandName(args));
    }

    /** The subcommand's name: the first argument that is neither a global option nor its value; "" if none. */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-")) {
                return arg;
            }
            if (WITH_VALUE.contains(arg)) {
                i++;
            }
        }
        return "";
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** Convenience for tests: run with the given streams, environment and directory. */
    public static int run(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Path dir,
                          String... args) {
        return run(new Invocation(out, err, in, env, dir), args);
    }

    private static Map<String, String> exitCodes() {
        var codes = new LinkedHashMap<String, String>();
        for (String line : ExitCodes.helpList()) {
            int colon = line.indexOf(':');
            codes.put(String.format("%4s", line.substring(0, colon)), line.substring(colon + 1));
        }
        return codes;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"mlcompose " + number() + " (Java " + Runtime.version() + ")"};
        }

        /** As the build wrote it into the manifest; "dev" when run from classes. */
        static String number() {
            String v = MlCompose.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
