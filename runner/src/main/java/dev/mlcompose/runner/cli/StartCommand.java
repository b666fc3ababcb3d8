package dev.mlcompose.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose start}: start existing containers. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start existing containers.")
final class StartCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @Override
    public Integer call() {
        try (var session = root.session()) { // the Compose file, when there is one, has the hooks
            session.lifecycle().start(session.projectName(), session.projectIfReadable(), services.set());
            return ExitCodes.OK;
        }
    }
}
