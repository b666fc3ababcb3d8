package dev.mlcompose.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.cli.output.LogPrinter;
import dev.mlcompose.runner.cli.output.TabColumns;
import dev.mlcompose.runner.engine.docker.DockerCluster;
import dev.mlcompose.runner.engine.docker.DockerEngine;
import dev.mlcompose.runner.engine.docker.EngineDiscovery;
import dev.mlcompose.runner.run.JobCache;
import dev.mlcompose.runner.swarm.Cluster;
import dev.mlcompose.runner.swarm.OneOffRun;
import dev.mlcompose.runner.swarm.StackDeployer;
import dev.mlcompose.runner.swarm.StackNames;
import dev.mlcompose.runner.swarm.StackSpec;
import dev.mlcompose.runner.swarm.StackTeardown;
import dev.mlcompose.runner.swarm.SwarmFiles;
import dev.mlcompose.runner.swarm.SwarmRefusals;
import dev.mlcompose.runner.swarm.TaskRows;
import dev.mlcompose.schema.model.Project;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** The commands of {@code --backend swarm}: the project as a stack on the Swarm manager found as the engine is. */
final class SwarmCommands {

    /** The commands the swarm backend has so far. */
    static final Set<String> AVAILABLE = Set.of("up", "down", "ps", "logs", "train", "run", "config", "version", "lint",
            "viz");

    /** How long one wait for a dependency, or for {@code --wait}, may take unless {@code --wait-timeout} says. */
    static final Duration DEADLINE = Duration.ofMinutes(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private SwarmCommands() {
    }

    static boolean on(MlCompose root) {
        return root.options().backend(root.invocation()) == ProjectOptions.Backend.swarm;
    }

    /** The commands of the swarm backend that only read, which {@code --dry-run} leaves as they are. */
    private static final Set<String> READ_ONLY = Set.of("ps", "logs", "config", "version", "lint", "viz");

    /**
     * Refuses, by name, the options given to {@code spec}'s command that the swarm backend does not honour for it yet
     * ({@code honoured}: their longest names), and a {@code --dry-run} of a command that would change the Swarm;
     * before anything is read. An option ignored in silence would do other than what was asked.
     */
    static void refuseUnhonoured(MlCompose root, CommandSpec spec, String... honoured) {
        if (root.options().dryRun && !READ_ONLY.contains(spec.name())) {
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
     * {@code up}: the services named (none: all) and their dependencies. Attached (neither {@code -d} nor {@code
     * --wait}), it then follows the named services' output until Ctrl-C, which stops the stack as compose's stops its
     * containers: a Swarm has no stopped service, so its services are removed (its volumes stay).
     */
    static int up(MlCompose root, List<String> services, boolean detach, boolean wait, Optional<Duration> waitTimeout,
                  boolean waitForGpus, boolean prefix, boolean color) {
        Project project = load(root, List.of());
        services.stream().filter(s -> project.service(s).isEmpty()).findFirst().ifPresent(s -> {
            throw new CliException(ExitCodes.USAGE, "no such service: " + s);
        });
        var stack = stack(root, project);
        var deployer = deployer(root, waitTimeout.orElse(DEADLINE), waitForGpus);
        var selection = new StackDeployer.Selection(Set.copyOf(services), wait, Set.of());
        if (detach || wait) {
            deployer.up(project, stack, selection);
            return ExitCodes.OK;
        }
        var err = root.invocation().err();
        var stopped = new java.util.concurrent.CountDownLatch(1);
        Runnable stop = () -> {
            new StackTeardown(cluster(root), line -> err.println(" ✔ " + line), DEADLINE).down(project.name(), false);
            stopped.countDown();
        };
        return Interrupts.around(err, stop, () -> { }, interrupts -> {
            deployer.up(project, stack, selection);
            // a followed service's stream stays open after its removal: the stop ends the command, not the streams
            readers(root, s -> services.isEmpty() || services.contains(s), true, Optional.empty(), prefix, color)
                    .forEach(Thread::start);
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
        var deployer = deployer(root, waitTimeout.orElse(DEADLINE), waitForGpus);
        deployer.up(project, stack, new StackDeployer.Selection(jobs, true, rerun ? jobs : Set.of()));
        if (thenUp) {
            deployer.up(project, stack, true);
        }
        return ExitCodes.OK;
    }

    /** What {@code run} changes in the one-off: its command, and environment, user, directory and labels added. */
    record OneOff(List<String> command, Map<String, String> environment, String user, String workdir,
                  Map<String, String> labels) {

        /** These changes made to a service spec's JSON. */
        ObjectNode applied(ObjectNode spec) {
            var container = (ObjectNode) spec.path("TaskTemplate").path("ContainerSpec");
            if (!command.isEmpty()) {
                var args = container.putArray("Args");
                command.forEach(args::add);
            }
            if (!environment.isEmpty()) {
                var env = new java.util.TreeMap<String, String>();
                container.path("Env").forEach(e -> env.put(e.asText().split("=", 2)[0], e.asText()));
                environment.forEach((k, v) -> env.put(k, k + "=" + v));
                var out = container.putArray("Env");
                env.values().forEach(out::add);
            }
            Optional.ofNullable(user).ifPresent(u -> container.put("User", u));
            Optional.ofNullable(workdir).ifPresent(d -> container.put("Dir", d));
            labels.forEach(((ObjectNode) container.path("Labels"))::put);
            return spec;
        }
    }

    /** {@code run SERVICE [COMMAND]}: a one-off of the service on the cluster; its output, and its exit code. */
    static int run(MlCompose root, String service, OneOff oneOff, boolean noDeps, boolean remove) {
        Project project = load(root, List.of());
        if (project.service(service).isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "no such service: " + service);
        }
        var stack = stack(root, project);
        var cluster = cluster(root);
        var deployer = deployer(root, DEADLINE, false);
        var out = root.invocation().out();
        return new OneOffRun(cluster, deployer, DEADLINE).run(project, stack, service, oneOff::applied, noDeps, remove,
                out::println);
    }

    /** The project's Swarm objects, after what a Swarm cannot run was refused (warnings printed first). */
    private static StackSpec stack(MlCompose root, Project project) {
        var fit = SwarmRefusals.of(project);
        fit.warnings().forEach(w -> root.invocation().err().println(root.style().warning("WARN ") + w));
        fit.throwIfAny();
        return StackSpec.of(project, SwarmFiles::read, s -> JobCache.inputsKey(project, s));
    }

    /** {@code down [-v]}: with {@code volumes}, a warning names the nodes that keep their local volumes. */
    static int down(MlCompose root, boolean volumes) {
        var err = root.invocation().err();
        String project = projectName(root);
        var keeping = new StackTeardown(cluster(root), line -> err.println(" ✔ " + line), DEADLINE).down(project, volumes);
        if (!keeping.isEmpty()) {
            err.println(root.style().warning("WARN ") + "the volumes of " + project + " on " + String.join(", ", keeping)
                    + " stay: a manager cannot remove another node's volumes; on each, run docker volume rm $(docker"
                    + " volume ls -q --filter label=" + StackNames.NAMESPACE + "=" + project + ")");
        }
        return ExitCodes.OK;
    }

    /** One row per task of the stack (of the services {@code wanted}); {@code json}: one object per line. */
    static int ps(MlCompose root, ServiceArguments wanted, boolean all, boolean quiet, boolean json) {
        String name = projectName(root);
        var cluster = cluster(root);
        var services = cluster.list(Cluster.Kind.SERVICE, name);
        var tasks = new HashMap<String, List<JsonNode>>();
        services.forEach(s -> tasks.put(s.path("ID").asText(), cluster.tasks(s.path("ID").asText())));
        var rows = TaskRows.of(name, services, tasks, services.isEmpty() ? List.of() : cluster.nodes(), all).stream()
                .filter(r -> wanted.includes(r.service())).toList();
        var out = root.invocation().out();
        if (quiet) {
            rows.forEach(r -> out.println(r.id()));
        } else if (json) {
            for (var r : rows) { // compose's capitalised keys, and a Swarm task's own
                out.println(JSON.createObjectNode().put("ID", r.id()).put("Name", r.name()).put("Service", r.service())
                        .put("Node", r.node()).put("State", r.state()).put("DesiredState", r.desiredState())
                        .put("ExitCode", r.exitCode()).put("GPUs", r.gpus()).put("Error", r.error()).toString());
            }
        } else {
            var table = new StringBuilder("NAME\tSERVICE\tNODE\tSTATE\tDESIRED\tEXIT\tGPUS\tERROR");
            rows.forEach(r -> table.append('\n').append(String.join("\t", r.name(), r.service(), r.node(), r.state(),
                    r.desiredState(), r.state().equals("complete") || r.state().equals("failed") ? Integer.toString(r.exitCode())
                    : "", r.gpus(), r.error())));
            out.println(TabColumns.align(table.toString(), 8));
        }
        return ExitCodes.OK;
    }

    /** The output of the stack's services (those named, or all), each line prefixed with its service. */
    static int logs(MlCompose root, java.util.function.Predicate<String> wanted, boolean follow, Optional<Integer> tail,
                    boolean prefix, boolean color) {
        var readers = readers(root, wanted, follow, tail, prefix, color);
        readers.forEach(Thread::start);
        for (Thread reader : readers) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return ExitCodes.OK;
    }

    /** One reader (a daemon thread, not started) of each wanted service's output, into one printer. */
    private static List<Thread> readers(MlCompose root, java.util.function.Predicate<String> wanted, boolean follow,
                                        Optional<Integer> tail, boolean prefix, boolean color) {
        String name = projectName(root);
        var cluster = cluster(root);
        var services = cluster.list(Cluster.Kind.SERVICE, name).stream()
                .filter(s -> wanted.test(s.path("Spec").path("Name").asText().substring(name.length() + 1))).toList();
        int width = services.stream().mapToInt(s -> s.path("Spec").path("Name").asText().length()).max().orElse(10);
        var printer = new LogPrinter(root.invocation().out(), color && root.style().color(), prefix, Math.max(1, width - name.length() - 1));
        var err = root.invocation().err();
        var readers = services.stream().map(s -> {
            String service = s.path("Spec").path("Name").asText().substring(name.length() + 1);
            return new Thread(() -> {
                try {
                    cluster.logs(s.path("ID").asText(), follow, tail, line -> printer.print(service, line));
                } catch (RuntimeException e) { // one line, as every error; the other services' output goes on
                    err.println("error: the output of " + service + " ended: " + e.getMessage());
                    err.flush();
                }
            }, "mlcompose-logs");
        }).toList();
        readers.forEach(r -> r.setDaemon(true));
        return readers;
    }

    private static String projectName(MlCompose root) {
        return Optional.ofNullable(root.options().projectName).orElseGet(() -> load(root, List.of()).name());
    }

    /** The project of the global {@code -f} files and then {@code moreFiles}, a command's own. */
    private static Project load(MlCompose root, List<String> moreFiles) {
        var err = root.invocation().err();
        var files = new java.util.ArrayList<>(root.options().files);
        files.addAll(moreFiles);
        return ErrorReporter.load(root.options().request(root.invocation(), files, true,
                w -> err.println(root.style().warning("WARN ") + w)));
    }

    private static StackDeployer deployer(MlCompose root, Duration deadline, boolean waitForGpus) {
        var err = root.invocation().err();
        return new StackDeployer(cluster(root), line -> err.println(" ✔ " + line), deadline, waitForGpus);
    }

    /** The Swarm manager, found as the engine is. */
    private static Cluster cluster(MlCompose root) {
        var invocation = root.invocation();
        String home = invocation.environment().getOrDefault("HOME", System.getProperty("user.home"));
        return new DockerCluster(new DockerEngine(new EngineDiscovery(invocation.environment(), Path.of(home))::find));
    }
}
