package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.engine.docker.DockerCluster;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.engine.docker.EngineDiscovery;
import dev.mlcompose.runner.swarm.StackDeployer;
import dev.mlcompose.runner.swarm.StackSpec;
import dev.mlcompose.runner.swarm.SwarmFiles;
import dev.mlcompose.runner.swarm.SwarmRefusals;
import dev.mlcompose.schema.model.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** The commands of {@code --backend swarm}: the project as a stack on the Swarm manager found as the engine is. */
final class SwarmCommands {

    /** The commands the swarm backend has so far. */
    static final Set<String> AVAILABLE = Set.of("up", "down", "config", "version", "lint", "viz");

    /** How long one wait for a dependency, or for {@code --wait}, may take unless {@code --wait-timeout} says. */
    static final Duration DEADLINE = Duration.ofMinutes(10);

    private SwarmCommands() {
    }

    static boolean on(MlCompose root) {
        return root.options().backend(root.invocation()) == ProjectOptions.Backend.swarm;
    }

    /** Refuses a command the swarm backend does not have yet, before anything is read. */
    static void refuseUnavailable(MlCompose root, String command) {
        if (on(root) && !AVAILABLE.contains(command)) {
            throw new CliException(ExitCodes.USAGE, command + " is not available on the swarm backend yet; it has "
                    + String.join(", ", AVAILABLE.stream().sorted().toList()));
        }
    }

    static int up(MlCompose root, boolean detach, boolean wait, Optional<Duration> waitTimeout) {
        if (!detach && !wait) {
            throw new CliException(ExitCodes.USAGE, "on the swarm backend, up runs detached: use up -d, or up --wait"
                    + " to wait until every service runs and every job has exited 0");
        }
        Project project = load(root);
        var fit = SwarmRefusals.of(project);
        fit.warnings().forEach(w -> root.invocation().err().println(root.style().warning("WARN ") + w));
        fit.throwIfAny();
        var stack = StackSpec.of(project, SwarmFiles::read);
        deployer(root, waitTimeout.orElse(DEADLINE)).up(project, stack, wait);
        return ExitCodes.OK;
    }

    static int down(MlCompose root) {
        String name = Optional.ofNullable(root.options().projectName).orElseGet(() -> load(root).name());
        deployer(root, DEADLINE).down(name);
        return ExitCodes.OK;
    }

    private static Project load(MlCompose root) {
        var err = root.invocation().err();
        return ErrorReporter.load(root.options().request(root.invocation(), true,
                w -> err.println(root.style().warning("WARN ") + w)));
    }

    private static StackDeployer deployer(MlCompose root, Duration deadline) {
        var invocation = root.invocation();
        String home = invocation.environment().getOrDefault("HOME", System.getProperty("user.home"));
        var engine = new DockerEngine(new EngineDiscovery(invocation.environment(), Path.of(home))::find);
        var err = invocation.err();
        return new StackDeployer(new DockerCluster(engine), line -> err.println(" ✔ " + line), deadline);
    }
}
