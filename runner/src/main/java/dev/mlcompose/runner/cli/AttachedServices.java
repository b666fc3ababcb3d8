package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.schema.model.Project;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which services an attached {@code up} follows, picked as compose picks them (cmd/compose/up.go): those named
 * by {@code --attach}, else the services named on the command line (all when none), with their dependencies
 * under {@code --attach-dependencies}; less {@code --no-attach}. Only their logs are shown and only their
 * exits end the run; {@code --exit-code-from}'s service is always followed.
 */
final class AttachedServices {

    private AttachedServices() {
    }

    static Set<String> of(Project project, List<String> named, boolean noDeps, List<String> attach, List<String> noAttach,
                          boolean dependencies, Optional<String> exitCodeFrom) {
        if (!attach.isEmpty() && dependencies) {
            throw new CliException(ExitCodes.USAGE, "--attach and --attach-dependencies cannot be combined");
        }
        var known = named.stream().filter(project.services()::containsKey).collect(Collectors.toSet());
        Set<String> inUp = named.isEmpty() ? project.services().keySet()
                : noDeps ? known : ServiceGraph.of(project).withDependencies(known);
        var outside = attach.stream().filter(s -> !inUp.contains(s)).toList();
        if (!outside.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "cannot attach to services not included in up: "
                    + String.join(", ", outside));
        }
        var attached = new LinkedHashSet<>(!attach.isEmpty() ? attach : named.isEmpty() || dependencies ? inUp : named);
        attached.removeAll(noAttach);
        exitCodeFrom.ifPresent(attached::add);
        if (attached.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no service left to attach to (--no-attach); use -d to run in the background");
        }
        return attached;
    }
}
