package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.run.LogNames;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlcompose logs}: the containers' output, prefixed by container. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Show the containers' output.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose logs -f inference", "  mlcompose logs --tail 20 training",
            "  mlcompose logs -f --since 10m --until 2030-01-02T13:00:00Z training"})
final class LogsCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceArguments services;

    @Option(names = {"-f", "--follow"}, description = "Follow the output.")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "Only the last N lines of each container.")
    Integer tail;

    @Option(names = "--since", paramLabel = "TIME", converter = LogTime.class,
            description = "Only lines since this time: 2013-01-02T13:23:37Z, unix seconds, or relative (42m).")
    Long since;

    @Option(names = "--until", paramLabel = "TIME", converter = LogTime.class,
            description = "Only lines before this time (same forms); with -f, following ends then.")
    Long until;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps.")
    boolean timestamps;

    @Option(names = "--no-color", description = "Monochrome output.")
    boolean noColor;

    @Option(names = "--no-log-prefix", description = "Do not prefix lines with the container name.")
    boolean noLogPrefix;

    @Option(names = "--index", defaultValue = "0", paramLabel = "N",
            description = "Only container #N of each service (default: all).")
    int index;

    @Override
    public Integer call() throws InterruptedException {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--follow", "--tail", "--no-color", "--no-log-prefix");
            return SwarmOutput.logs(root, services::includes, follow, Optional.ofNullable(tail), !noLogPrefix, !noColor);
        }
        try (var session = root.session()) {
            String project = session.projectName();
            var inspector = session.inspector();
            int width = inspector.containers(project, true).stream().mapToInt(c -> LogNames.of(c).length()).max().orElse(10);
            var printer = session.logs(!noLogPrefix, !noColor, width);
            var options = new LogOptions(follow, Optional.ofNullable(tail), Optional.ofNullable(since),
                    Optional.ofNullable(until), timestamps);
            inspector.logs(project, services.set(), index, options, printer::print);
            return ExitCodes.OK;
        }
    }
}
