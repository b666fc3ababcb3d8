package dev.mlcompose.runner.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose stop}: stop containers without removing them. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop running containers (dependants first).")
final class StopCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Mixin
    ServiceArguments services;

    @picocli.CommandLine.Mixin
    ShutdownTimeout timeout = new ShutdownTimeout();

    @Override
    public Integer call() {
        try (var session = root.session()) { // the Compose file, when there is one, has the pre_stop hooks
            if (root.dryRun()) {
                return DryRunLines.print(root.invocation().out(), session.lifecycle().dryRun(session.projectName(),
                        services.set(), false, false));
            }
            session.lifecycle().stop(session.projectName(), session.projectIfReadable(), services.set(),
                    timeout.duration());
            return ExitCodes.OK;
        }
    }
}
