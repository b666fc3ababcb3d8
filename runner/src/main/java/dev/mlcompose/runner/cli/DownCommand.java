package dev.mlcompose.runner.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose down}: stop and remove the project's containers and networks. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop and remove containers and networks (named volumes only with -v).",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose down", "  mlcompose down -v        also remove the project's named volumes",
            "  mlcompose -p demo down   works without the Compose file"})
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Option(names = {"-v", "--volumes"}, description = "Also remove named volumes.")
    boolean volumes;

    @Option(names = "--remove-orphans", description = "Accepted for compatibility: down removes every container of the project.")
    boolean removeOrphans;

    @Option(names = "--rmi", paramLabel = "TYPE", description = "Remove images: local or all (not supported yet).")
    String rmi;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10", description = "Shutdown timeout.")
    int timeout;

    @Override
    public Integer call() {
        if (rmi != null) {
            throw new CliException(ExitCodes.USAGE, "--rmi is not supported yet");
        }
        return root.onProject((runner, project) -> runner.down(project, volumes, Duration.ofSeconds(timeout)));
    }
}
