package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.run.ContainerCopy;
import dev.mlcompose.runner.run.ProgressEvent;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mlcompose cp}: files between a service's container and this machine, by {@code docker cp}'s rules (see
 * {@link ContainerCopy}). As compose: out of the service's first container (or {@code --index}), into all of its
 * containers (or {@code --index}); stopped ones too.
 */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = "Copy files or folders between a service's container and this machine.",
        footerHeading = "%nExamples:%n",
        footer = {"  mlcompose cp training:/models/model.pt ./model.pt    a trained model out",
            "  mlcompose cp ./config.yaml training:/app/              a file into every training container",
            "  mlcompose cp training:/out/. ./results                 a folder's contents",
            "  mlcompose cp training:/out - | tar t                   as a tar stream"})
final class CpCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "SERVICE:PATH, a local path, or - (a tar on stdin).")
    String source;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "SERVICE:PATH, a local path, or - (a tar on stdout).")
    String destination;

    @Option(names = {"-a", "--archive"}, description = "Keep owners (uid and gid).")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Copy what a symbolic link source points to.")
    boolean followLink;

    @Option(names = "--index", defaultValue = "0", paramLabel = "N",
            description = "Which container of the service (default: the first out of, all into).")
    int index;

    @Option(names = "--all", description = "Also one-off containers of run (compose's deprecated flag).")
    boolean all;

    @Override
    public Integer call() {
        String[] from = split(source);
        String[] to = split(destination);
        if (from[0] != null && to[0] != null) {
            throw new CliException(ExitCodes.USAGE, "copying between services is not supported");
        }
        if (from[0] == null && to[0] == null) {
            throw new CliException(ExitCodes.USAGE, "one of SOURCE and DESTINATION must be SERVICE:PATH");
        }
        var invocation = root.invocation();
        var options = new ContainerCopy.Options(archive, followLink);
        try (var session = root.session()) {
            String service = from[0] != null ? from[0] : to[0];
            List<ContainerState> containers = session.inspector().containers(session.projectName(), true).stream()
                    .filter(c -> c.label(Labels.SERVICE).equals(service))
                    .filter(c -> all || !c.label(Labels.ONEOFF).equals("True"))
                    .filter(c -> index == 0 || c.label(Labels.NUMBER).equals(String.valueOf(index))).toList();
            if (containers.isEmpty()) {
                throw new CliException(ExitCodes.FAILURE, "no container found for service " + service
                        + (index == 0 ? "" : " with index " + index));
            }
            var copy = new ContainerCopy(session.engine());
            var progress = session.progress();
            try {
                if (from[0] != null) {
                    var c = containers.get(0);
                    invocation.out().flush();
                    copy.fromContainer(c.id(), c.name(), from[1], destination, invocation.workingDirectory(),
                            invocation.stdoutBytes(), options);
                    progress.on(ProgressEvent.container(c.name(), Status.COPIED, "from " + from[1] + " to " + destination));
                } else {
                    for (var c : containers) {
                        copy.intoContainer(c.id(), c.name(), source, invocation.stdin(), to[1],
                                invocation.workingDirectory(), options);
                        progress.on(ProgressEvent.container(c.name(), Status.COPIED, "from " + source + " to " + to[1]));
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCodes.FAILURE, e.getMessage());
            } catch (UncheckedIOException e) {
                throw new CliException(ExitCodes.FAILURE, "cp " + source + " " + destination + ": "
                        + e.getCause().getMessage());
            }
            return ExitCodes.OK;
        }
    }

    /** As the docker CLI splits it: {service, path}, service null for a local path ("/…", "./…", no colon, "-"). */
    static String[] split(String argument) {
        int colon = argument.indexOf(':');
        if (argument.startsWith("/") || argument.startsWith(".") || colon <= 0) {
            return new String[] {null, argument};
        }
        return new String[] {argument.substring(0, colon), argument.substring(colon + 1)};
    }
}
