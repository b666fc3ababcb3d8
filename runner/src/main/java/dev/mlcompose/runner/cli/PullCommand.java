package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.PullRequestBuilder;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose pull}. */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Pull the services' images, several at once.",
        footerHeading = "%nExamples:%n", footer = {"  mlcompose pull --policy missing      only what is not here yet",
            "  mlcompose pull --include-deps inference",
            "  mlcompose pull --ignore-pull-failures --ignore-buildable   in CI, before up --no-build"})
final class PullCommand implements Callable<Integer> {
    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = "--include-deps", description = "Also pull the images of the services' dependencies.")
    boolean includeDeps;

    @Option(names = "--ignore-buildable", description = "Skip the images of services that have a build section.")
    boolean ignoreBuildable;

    @Option(names = "--ignore-pull-failures", description = "Pull what can be pulled; failures are warnings.")
    boolean ignoreFailures;

    @Option(names = "--policy", paramLabel = "POLICY", description = "missing (only images not here) or always (default).")
    String policy = "always";

    @Option(names = {"-q", "--quiet"}, description = "Pull without printing progress.")
    boolean quiet;

    @Override
    public Integer call() {
        if (!policy.equals("missing") && !policy.equals("always")) {
            throw new CliException(ExitCodes.USAGE, "--policy must be missing or always, not " + policy);
        }
        var request = PullRequestBuilder.builder().services(services.set()).includeDeps(includeDeps)
                .ignoreBuildable(ignoreBuildable).ignoreFailures(ignoreFailures).onlyMissing(policy.equals("missing"))
                .quiet(quiet).build();
        try (var session = root.session()) {
            session.runner().pull(session.project(), request);
            return ExitCodes.OK;
        }
    }
}

