package dev.mlcompose.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose push}: as compose's, the images the services build and name ({@code build:}, {@code image:}). */
@Command(name = "push", mixinStandardHelpOptions = true, description = "Push the images the services build (with build: and image:) to their registries.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose build && mlcompose push training inference",
            "  mlcompose push --ignore-push-failures      push what can be pushed"})
final class PushCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = "--include-deps", description = "Also push the images of the services' dependencies.")
    boolean includeDeps;

    @Option(names = "--ignore-push-failures", description = "Push what can be pushed; failures are warnings.")
    boolean ignoreFailures;

    @Option(names = {"-q", "--quiet"}, description = "Push without printing progress.")
    boolean quiet;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            session.runner().push(session.project(), services.set(), includeDeps, ignoreFailures, quiet);
            return ExitCodes.OK;
        }
    }
}
