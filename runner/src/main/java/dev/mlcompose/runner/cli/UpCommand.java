package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.StackRequest;
import dev.mlcompose.runner.run.LogNames;
import dev.mlcompose.runner.run.ProjectRunner;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.runner.run.UpRequestBuilder;
import dev.mlcompose.runner.watch.LiveLogs;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlcompose up}: create and start the project's containers, in dependency order. */
@Command(name = "up",
        description = "Create and start containers; each starts as soon as its own dependencies are satisfied.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose up -d --wait            start in the background, wait until healthy (jobs: exited 0)",
            "  mlcompose up --build inference    rebuild and start one service with its dependencies",
            "  mlcompose up --dry-run            show what up would create, recreate, keep and skip, and why",
            "  mlcompose up --watch              follow the output, and sync or rebuild as files change (develop.watch)",
            "  mlcompose up --exit-code-from tests"})
final class UpCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Spec
    CommandSpec spec;

    // not mixinStandardHelpOptions: its -V (version) is compose's -V, --renew-anon-volumes, here
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "SERVICE", description = "Services to start (default: all).")
    List<String> services = new ArrayList<>();

    @Option(names = {"-d", "--detach"}, description = "Run in the background.")
    boolean detach;

    @Option(names = "--wait", description = "Wait until services are running/healthy and jobs have exited 0. Implies -d.")
    boolean waitReady;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", description = "Deadline for --wait.")
    Integer waitTimeout;

    @picocli.CommandLine.Mixin
    ConvergeOptions converge = new ConvergeOptions();

    @Option(names = {"-w", "--watch"},
            description = "Watch the services' develop.watch paths: sync, restart or rebuild as files change.")
    boolean watch;

    @Option(names = "--no-start", description = "Create the containers, start none (as mlcompose create).")
    boolean noStart;

    @Option(names = "--always-recreate-deps",
            description = "Recreate the dependencies of the services named, even if unchanged.")
    boolean alwaysRecreateDeps;

    @Option(names = {"-V", "--renew-anon-volumes"},
            description = "Give recreated containers new anonymous volumes instead of their predecessors' data.")
    boolean renewAnonVolumes;

    @Option(names = "--no-deps", description = "Do not start the services' dependencies.")
    boolean noDeps;

    @Option(names = "--abort-on-container-exit", description = "Stop everything when a container exits.")
    boolean abortOnExit;

    @Option(names = "--exit-code-from", paramLabel = "SERVICE", description = "Exit with this service's exit code.")
    String exitCodeFrom;

    @Option(names = "--abort-on-container-failure",
            description = "Stop everything when a container exits with a code other than 0, and exit with it.")
    boolean abortOnFailure;

    @Option(names = {"-y", "--yes"}, description = "Answer yes to every prompt (mlcompose asks none).")
    boolean yes;

    @Option(names = "--attach", paramLabel = "SERVICE", description = "Show only these services' output (repeatable).")
    List<String> attach = new ArrayList<>();

    @Option(names = "--no-attach", paramLabel = "SERVICE", description = "Do not show these services' output (repeatable).")
    List<String> noAttach = new ArrayList<>();

    @Option(names = "--attach-dependencies", description = "Show the output of the named services' dependencies too.")
    boolean attachDependencies;

    @Option(names = "--no-log-prefix", description = "Do not prefix log lines with the container name.")
    boolean noLogPrefix;

    @Option(names = "--timestamps", description = "Show the engine's timestamp before each line of output.")
    boolean timestamps;

    @Option(names = "--no-color", description = "Monochrome output.")
    boolean noColor;

    @Option(names = "--parallel", paramLabel = "N", description = "Containers started at once (default: 4 x CPUs, at least 8; COMPOSE_PARALLEL_LIMIT).")
    Integer parallel;

    @picocli.CommandLine.Mixin
    ShutdownTimeout timeout = new ShutdownTimeout();

    @Option(names = "--rerun", description = "Run jobs again even when their previous identical run succeeded.")
    boolean rerun;

    @Option(names = "--dry-run",
            description = "Print the plan (images to build or pull, then each step and why) and change nothing.")
    boolean dryRun;

    @picocli.CommandLine.Mixin
    GpuArguments gpus = new GpuArguments();

    /** Counted down by the first Ctrl-C of an attached {@code up --watch}, which then stops the services. */
    private final CountDownLatch watchEnded = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (SwarmCommands.on(root)) {
            SwarmCommands.refuseUnhonoured(root, spec, "--detach", "--wait", "--wait-timeout", "--gpu-policy", "--yes",
                    "--no-color", "--no-log-prefix", "--dry-run", "--remove-orphans");
            var request = StackRequest.up(Set.copyOf(services), waitReady)
                    .withRemoveOrphans(converge.removingOrphans(root.invocation().environment()));
            return SwarmCommands.up(root, request, detach, Optional.ofNullable(waitTimeout).map(Duration::ofSeconds),
                    gpus.policy == GpuArguments.Policy.wait, !noLogPrefix, !noColor, dryRun);
        }
        converge.check(root.invocation().environment());
        if (alwaysRecreateDeps && converge.noRecreate) {
            throw new CliException(ExitCodes.USAGE, "--always-recreate-deps and --no-recreate are incompatible");
        }
        if ((detach || waitReady) && (abortOnExit || abortOnFailure || exitCodeFrom != null)) {
            throw new CliException(ExitCodes.USAGE, "-d/--wait cannot be combined with --abort-on-container-exit,"
                    + " --abort-on-container-failure or --exit-code-from");
        }
        if (abortOnExit && abortOnFailure) {
            throw new CliException(ExitCodes.USAGE,
                    "--abort-on-container-failure cannot be combined with --abort-on-container-exit");
        }
        if (watch && (converge.noBuild || noStart || dryRun || abortOnExit || abortOnFailure || exitCodeFrom != null)) {
            throw new CliException(ExitCodes.USAGE, "--watch cannot be combined with --no-build, --no-start, --dry-run,"
                    + " --abort-on-container-exit, --abort-on-container-failure or --exit-code-from");
        }
        try (var session = root.session()) {
            var project = session.project();
            var runner = session.runner();
            if (dryRun || root.dryRun()) {
                return DryRunLines.print(root.invocation().out(), root.invocation().err(), root.style(),
                        runner.dryRun(project, request()));
            }
            var watched = watch ? Watching.services(project, services) : List.<Service>of(); // refused before any start
            Runnable stop = () -> {
                watchEnded.countDown();
                runner.interrupt(); // nothing more starts, and a job stopped by the user is not retried
                session.lifecycle().stop(project.name(), Optional.of(project), Set.copyOf(services),
                        timeout.duration());
            };
            int code = Interrupts.around(root.invocation(), stop,
                    () -> session.lifecycle().kill(project.name(), Set.copyOf(services), "SIGKILL"),
                    interrupts -> run(session, project, runner, interrupts, watched));
            if (code != ExitCodes.OK || !watch || !(detach || waitReady)) {
                return code;
            }
            // detached: the watch alone, and the services keep running after it
            return Watching.untilInterrupted(root, session, project, watched, timeout.duration(),
                    session.logs(false, !noColor, 0), false);
        }
    }

    /** Brings the project up, then, when attached, follows its logs until it ends; returns the exit code. */
    private int run(Session session, Project project, ProjectRunner runner, Interrupts interrupts,
                    List<Service> watched) {
        if (detach || waitReady || noStart) {
            runner.up(project, request());
            return ExitCodes.OK;
        }
        var attached = AttachedServices.of(project, services, noDeps, attach, noAttach, attachDependencies,
                Optional.ofNullable(exitCodeFrom));
        try (var running = runner.start(project, request())) { // watched while attached: jobs are retried
            var started = attachedOnly(running.containers(), attached);
            var printer = session.logs(!noLogPrefix, !noColor, LogNames.width(project, started.keySet()));
            if (watch) { // the output of containers that the watch restarts or recreates is followed too
                try (var logs = LiveLogs.follow(session.engine(), project.name(), started, timestamps, printer::print)) {
                    return Watching.until(watchEnded, root, session, project, watched, timeout.duration(), printer,
                            false);
                }
            }
            int code = running.follow(started, printer::print, abortOnExit, abortOnFailure,
                    Optional.ofNullable(exitCodeFrom), timestamps);
            if (!interrupts.interrupted() && (abortOnExit || abortOnFailure || exitCodeFrom != null)) {
                session.lifecycle().stop(project.name(), Optional.of(project), Set.of(), timeout.duration());
            }
            return code;
        }
    }

    private static Map<String, List<String>> attachedOnly(Map<String, List<String>> started, Set<String> attached) {
        var only = new LinkedHashMap<>(started);
        only.keySet().retainAll(attached);
        return only;
    }

    /** {@code COMPOSE_PARALLEL_LIMIT}: a positive whole number, as compose requires. */
    private static int parallelLimit(String value) {
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit > 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new CliException(ExitCodes.USAGE, "COMPOSE_PARALLEL_LIMIT=" + value + ": not a positive whole number");
    }

    private UpRequest request() {
        var defaults = UpRequest.defaults();
        String limit = root.invocation().environment().get("COMPOSE_PARALLEL_LIMIT");
        Integer global = root.options().parallel;
        int parallelism = parallel != null ? parallel : global != null ? (global < 0 ? Integer.MAX_VALUE : global)
                : limit != null ? parallelLimit(limit) : defaults.parallel();
        return converge.applyTo(UpRequestBuilder.builder(defaults), root.invocation().environment())
                .services(Set.copyOf(services))
                .waitReady(waitReady)
                .waitTimeout(Optional.ofNullable(waitTimeout).map(Duration::ofSeconds))
                .noDeps(noDeps)
                .parallel(parallelism)
                .gpus(gpus.options(root.invocation().environment()))
                .rerun(rerun)
                .renewAnonVolumes(renewAnonVolumes)
                .noStart(noStart)
                .alwaysRecreateDeps(alwaysRecreateDeps)
                .build();
    }
}
