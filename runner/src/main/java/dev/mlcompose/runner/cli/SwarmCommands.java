package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.StackRequest;
import dev.mlcompose.runner.run.JobCache;
import dev.mlcompose.runner.swarm.Cluster;
import dev.mlcompose.runner.swarm.OneOffRun;
import dev.mlcompose.runner.swarm.StackDeployer;
import dev.mlcompose.runner.swarm.StackNames;
import dev.mlcompose.runner.swarm.StackSpec;
import dev.mlcompose.runner.swarm.StackTeardown;
import dev.mlcompose.runner.swarm.SwarmFiles;
import dev.mlcompose.runner.swarm.SwarmRefusals;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands of {@code --backend swarm}: the project as a stack on the Swarm manager found as the engine is. */
final class SwarmCommands {

    /** The commands the swarm backend has so far. */
    static final Set<String> AVAILABLE = Set.of("up", "down", "ps", "logs", "train", "run", "config", "version", "lint",
            "viz");

    /** How long one wait for a dependency, or for {@code --wait}, may take unless {@code --wait-timeout} says. */
    static final Duration DEADLINE = Duration.ofMinutes(10);

    private SwarmCommands() {
    }

    static boolean on(MlCompose root) {
        return root.options().backend(root.invocation()) == ProjectOptions.Backend.swarm;
    }

    /**
     * The commands of the swarm backend that {@code --dry-run} may run: those that only read, {@code up}, which
     * prints its plan instead, and {@code down}, which prints what it would remove.
     */
    private static final Set<String> DRY_RUNS = Set.of("up", "down", "ps", "logs", "config", "version", "lint", "viz");

    /**
     * Refuses, by name, the options given to {@code spec}'s command that the swarm backend does not honour for it yet
     * ({@code honoured}: their longest names), and a {@code --dry-run} of a command that would change the Swarm;
     * before anything is read. An option ignored in silence would do other than what was asked.
     */
    static void refuseUnhonoured(MlCompose root, CommandSpec spec, String... honoured) {
        if (root.options().dryRun && !DRY_RUNS.contains(spec.name())) {
            throw new CliException(ExitCodes.USAGE, "--dry-run is not available for " + spec.name()
                    + " on the swarm backend yet: config --backend swarm --format json prints the specs it would send");
        }
        var allowed = Set.of(honoured);
        var given = spec.commandLine().getParseResult().matchedOptions().stream()
                .filter(o -> !o.inherited() && !o.usageHelp() && !o.versionHelp())
                .map(OptionSpec::longestName).filter(n -> !allowed.contains(n)).distinct().sorted().toList();
        if (!given.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, String.join(", ", given) + ": not available for " + spec.name()
                    + " on the swarm backend yet");
        }
    }

    /** Refuses a command the swarm backend does not have yet, before anything is read. */
    static void refuseUnavailable(MlCompose root, String command) {
        if (on(root) && !AVAILABLE.contains(command)) {
            throw new CliException(ExitCodes.USAGE, command + " is not available on the swarm backend yet; it has "
                    + String.join(", ", AVAILABLE.stream().sorted().toList()));
        }
    }

    /**
     * {@code up}: the request's services (none: all) and their dependencies; with {@code dryRun}, its plan printed
     * instead. Attached (neither {@code -d} nor {@code --wait}), it then follows the named services' output until
     * Ctrl-C, which stops the stack as compose's stops its containers: a Swarm has no stopped service, so its
     * services are removed (its volumes stay).
     */
    static int up(MlCompose root, StackRequest request, boolean detach, Optional<Duration> waitTimeout,
                  boolean waitForGpus, boolean prefix, boolean color, boolean dryRun) {
        var services = request.services();
        Project project = load(root, List.of());
        services.stream().filter(s -> project.service(s).isEmpty()).findFirst().ifPresent(s -> {
            throw new CliException(ExitCodes.USAGE, "no such service: " + s);
        });
        var stack = stack(root, project);
        var cluster = cluster(root);
        var deployer = deployer(root, cluster, waitTimeout.orElse(DEADLINE), waitForGpus);
        var planned = deployer.plan(project, stack, request);
        warn(root, planned);
        if (root.options().dryRun || dryRun) {
            return DryRunLines.print(root.invocation().out(), planned.plan().steps().isEmpty() ? List.of()
                    : List.of(planned.plan().toString()));
        }
        if (detach || request.awaitAll()) {
            deployer.execute(project, stack, planned);
            return ExitCodes.OK;
        }
        var stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            new StackTeardown(cluster, progress(root), DEADLINE).down(project.name(), false);
            stopped.countDown();
        };
        return Interrupts.around(root.invocation(), stop, () -> { }, interrupts -> {
            deployer.execute(project, stack, planned);
            // a followed service's stream stays open after its removal: the stop ends the command, not the streams
            SwarmOutput.readers(root, cluster, project.name(), s -> services.isEmpty() || services.contains(s), true,
                    Optional.empty(), prefix, color).forEach(Thread::start);
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ExitCodes.OK;
        });
    }

    /**
     * {@code train}: the training jobs (or those named) and what they depend on, until the jobs completed; with
     * {@code thenUp}, the rest of the stack after them. {@code rerun}: the jobs run again even when unchanged.
     */
    static int train(MlCompose root, List<String> files, Set<String> named, boolean rerun, boolean thenUp,
                     Optional<Duration> waitTimeout, boolean waitForGpus) {
        Project project = load(root, files);
        Set<String> jobs = TrainCommand.jobs(project, named);
        var stack = stack(root, project);
        var deployer = deployer(root, cluster(root), waitTimeout.orElse(DEADLINE), waitForGpus);
        execute(root, deployer, project, stack, StackRequest.train(jobs, rerun));
        if (thenUp) {
            execute(root, deployer, project, stack, StackRequest.up(Set.of(), true));
        }
        return ExitCodes.OK;
    }

    /** {@code run SERVICE [COMMAND]}: a one-off of the service on the cluster; its output, and its exit code. */
    static int run(MlCompose root, String service, OneOffChanges oneOff, boolean noDeps, boolean remove) {
        Project project = load(root, List.of());
        if (project.service(service).isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no such service: " + service);
        }
        var stack = stack(root, project);
        var cluster = cluster(root);
        var deployer = deployer(root, cluster, DEADLINE, false);
        var out = root.invocation().out();
        return new OneOffRun(cluster, deployer, DEADLINE).run(project, stack, service, oneOff::applied, noDeps, remove,
                out::println);
    }

    /** Plans, warns and executes. */
    private static void execute(MlCompose root, StackDeployer deployer, Project project, StackSpec stack,
                                StackRequest request) {
        var planned = deployer.plan(project, stack, request);
        warn(root, planned);
        deployer.execute(project, stack, planned);
    }

    private static void warn(MlCompose root, StackDeployer.Planned planned) {
        planned.plan().warnings().forEach(w -> root.invocation().err().println(root.style().warning("WARN ") + w));
    }

    /** The project's Swarm objects, after what a Swarm cannot run was refused (warnings printed first). */
    static StackSpec stack(MlCompose root, Project project) {
        var fit = SwarmRefusals.of(project);
        fit.warnings().forEach(w -> root.invocation().err().println(root.style().warning("WARN ") + w));
        fit.throwIfAny();
        return StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s));
    }

    /**
     * {@code down [-v]}: with {@code volumes}, a warning names the nodes that keep their local volumes; with {@code
     * --dry-run}, what it would remove.
     */
    static int down(MlCompose root, boolean volumes) {
        String project = projectName(root);
        if (root.options().dryRun) {
            return DryRunLines.print(root.invocation().out(),
                    new StackTeardown(cluster(root), progress(root), DEADLINE).dryRun(project, volumes));
        }
        var keeping = new StackTeardown(cluster(root), progress(root), DEADLINE).down(project, volumes);
        if (!keeping.isEmpty()) {
            root.invocation().err().println(root.style().warning("WARN ") + "the volumes of " + project + " on " + String.join(", ", keeping)
                    + " stay: a manager cannot remove another node's volumes; on each, run docker volume rm $(docker"
                    + " volume ls -q --filter label=" + StackNames.NAMESPACE + "=" + project + ")");
        }
        return ExitCodes.OK;
    }

    static String projectName(MlCompose root) {
        return Optional.ofNullable(root.options().projectName).orElseGet(() -> load(root, List.of()).name());
    }

    /** The project of the global {@code -f} files and then {@code moreFiles}, a command's own. */
    private static Project load(MlCompose root, List<String> moreFiles) {
        var err = root.invocation().err();
        var files = new ArrayList<>(root.options().files);
        files.addAll(moreFiles);
        return ErrorReporter.load(root.options().request(root.invocation(), files, true,
                w -> err.println(root.style().warning("WARN ") + w)));
    }

    private static StackDeployer deployer(MlCompose root, Cluster cluster, Duration deadline, boolean waitForGpus) {
        return new StackDeployer(cluster, progress(root), deadline, waitForGpus);
    }

    /** Where a deployer or teardown reports each step: stderr, as compose's progress lines. */
    private static Consumer<String> progress(MlCompose root) {
        var err = root.invocation().err();
        return line -> err.println(" ✔ " + line);
    }

    /** The Swarm manager, found as the engine is. */
    static Cluster cluster(MlCompose root) {
        return Engines.cluster(root.invocation());
    }
}
