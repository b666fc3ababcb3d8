package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.runner.run.UpRequestBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose create}: {@code up --no-start}, as in compose: networks, volumes, images and containers. */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create the services' containers (and their networks, volumes and images) without starting them.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose create                  create everything, start nothing",
            "  mlcompose create --build training build the image, then create the container",
            "  mlcompose start                   start what create made, in dependency order"})
final class CreateCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(paramLabel = "SERVICE", description = "Services to create (default: all), with their dependencies.")
    List<String> services = new ArrayList<>();

    @Mixin
    ConvergeOptions converge = new ConvergeOptions();

    @Override
    public Integer call() {
        var environment = root.invocation().environment();
        converge.check(environment);
        try (var session = root.session()) {
            var request = converge.applyTo(UpRequestBuilder.builder(UpRequest.defaults()), environment)
                    .services(Set.copyOf(services)).noStart(true).build();
            if (root.dryRun()) {
                return DryRunLines.print(root.invocation().out(), root.invocation().err(), root.style(),
                        session.runner().dryRun(session.project(), request));
            }
            session.runner().up(session.project(), request);
            return ExitCodes.OK;
        }
    }
}
