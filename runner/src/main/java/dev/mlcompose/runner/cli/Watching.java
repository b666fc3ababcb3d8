package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.cli.output.LogPrinter;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.RecreatePolicy;
import dev.mlcompose.runner.run.UpRequest;
import dev.mlcompose.runner.watch.ProjectWatch;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** The watch of {@code watch} and {@code up --watch}: its services, its effects through the runner, its lines. */
final class Watching {

    private Watching() {
    }

    /** The services of {@code names} (all when none) that have watch rules; at least one, else a usage error. */
    static List<Service> services(Project project, List<String> names) {
        var watched = ProjectWatch.watched(project, Set.copyOf(names));
        if (watched.isEmpty()) {
            throw new CliException(ExitCodes.FAILURE, "none of the selected services is configured for watch:"
                    + " give it a develop.watch section");
        }
        return watched;
    }

    /** The watch alone, until the first Ctrl-C ends it (exit 130); the services keep running after it. */
    static int untilInterrupted(MlCompose root, Session session, Project project, List<Service> services,
                                Duration timeout, LogPrinter printer, boolean quietBuilds) {
        var ended = new CountDownLatch(1);
        return Interrupts.around(root.invocation(), "Stopping the watch (the services keep running)",
                ended::countDown, ended::countDown,
                interrupts -> until(ended, root, session, project, services, timeout, printer, quietBuilds));
    }

    /** Watches {@code services} until {@code ended} is counted down; returns exit code 0. */
    static int until(CountDownLatch ended, MlCompose root, Session session, Project project, List<Service> services,
                     Duration timeout, LogPrinter printer, boolean quietBuilds) {
        try (var watch = start(root, session, project, services, timeout, printer, quietBuilds)) {
            ended.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /**
     * Starts watching; a rebuild builds the service's image and recreates its containers (not its dependencies'),
     * a restart stops and starts them with their hooks, each as {@code up} and {@code restart} would; with
     * {@code quietBuilds} a rebuild shows no build progress.
     */
    static ProjectWatch start(MlCompose root, Session session, Project project, List<Service> services, Duration timeout,
                              LogPrinter printer, boolean quietBuilds) {
        var style = root.style();
        var err = root.invocation().err();
        var effects = new ProjectWatch.ServiceEffects() {
            @Override
            public void rebuild(Service service) {
                session.runner(p -> p.withoutBuildsIf(quietBuilds)).up(project, UpRequest.defaults().withServices(Set.of(service.name())).withNoDeps(true)
                        .withBuildPolicy(BuildPolicy.ALWAYS).withRecreate(RecreatePolicy.ALWAYS)
                        .withIgnoreOrphans(true));
            }

            @Override
            public void restart(Service service) {
                session.lifecycle().restart(project.name(), Optional.of(project), Set.of(service.name()), timeout);
            }
        };
        var log = new ProjectWatch.Log() {
            @Override
            public void info(String message) {
                printer.printWatch(message);
            }

            @Override
            public synchronized void warning(String message) {
                err.println(style.warning("WARN ") + message);
                err.flush();
            }

            @Override
            public synchronized void error(String message) {
                err.println(style.error("error: ") + message);
                err.flush();
            }
        };
        return ProjectWatch.start(project, services, session.engine(), effects, log);
    }
}
