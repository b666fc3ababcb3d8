package dev.mlcompose.runner.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose start}: start existing containers. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start existing containers.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose start --wait --wait-timeout 60 inference"})
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Option(names = "--wait", description = "Wait until the services are running/healthy and jobs have exited 0.")
    boolean waitReady;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "Deadline for --wait.")
    Integer waitTimeout;

    @Override
    public Integer call() {
        try (var session = root.session()) { // the Compose file, when there is one, has the hooks
            var model = session.projectIfReadable();
            session.lifecycle().start(session.projectName(), model, services.set());
            if (waitReady) { // the services' healthchecks and roles are in the Compose file
                session.lifecycle().awaitStarted(model.orElseGet(session::project), services.set(),
                        Optional.ofNullable(waitTimeout).map(Duration::ofSeconds));
            }
            return ExitCodes.OK;
        }
    }
}
