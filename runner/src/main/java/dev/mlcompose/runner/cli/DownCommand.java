package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.run.ImageRemoval;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlcompose down}: stop and remove the project's containers and networks. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop and remove containers and networks (named volumes only with -v).",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose down", "  mlcompose down -v        also remove the project's named volumes",
            "  mlcompose -p demo down   works without the Compose file",
            "  mlcompose down --rmi local   also remove the images mlcompose built"})
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--volumes"}, description = "Also remove named volumes.")
    boolean volumes;

    @Option(names = "--remove-orphans", description = "Accepted for compatibility: down removes every container of the project.")
    boolean removeOrphans;

    @Option(names = "--rmi", paramLabel = "TYPE",
            description = "Also remove images: local (those built without an image: name) or all.")
    String rmi;

    @picocli.CommandLine.Mixin
    ShutdownTimeout timeout = new ShutdownTimeout();

    @Override
    public Integer call() {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--volumes");
            return SwarmCommands.down(root, volumes);
        }
        var images = rmi == null ? ImageRemoval.NONE : ImageRemoval.of(rmi).orElseThrow(
                () -> new CliException(ExitCodes.USAGE, "--rmi must be local or all, not '" + rmi + "'"));
        try (var session = root.session()) {
            String project = session.projectName();
            // the services' images and pre_stop hooks are in the Compose file; with just -p, the containers name
            // their images and there are no hooks
            Optional<Project> model = session.projectIfReadable();
            if (root.dryRun()) {
                return DryRunLines.print(root.invocation().out(), session.lifecycle().dryRun(project, Set.of(), true,
                        volumes));
            }
            session.lifecycle().down(project, model, volumes, images, timeout.duration());
            return ExitCodes.OK;
        }
    }
}
