package dev.mlcompose.runner.cli;

import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.run.UpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mlcompose watch}: bring services up, then sync, restart or rebuild them as their files change. */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Build and start services, then follow the files their develop.watch rules name: sync changed"
                + " files into the containers, restart them, or rebuild and recreate them. Ctrl-C ends the watch;"
                + " the services keep running."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  mlcompose watch                   every service with a develop.watch section",
            "  mlcompose watch --no-up training  the running training service only",
            "  mlcompose up --watch              the same, following the output"})
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    MlCompose root;

    @Parameters(paramLabel = "SERVICE", description = "Services to watch (default: every one with watch rules).")
    List<String> services = new ArrayList<>();

    @Option(names = "--no-up", description = "Do not build and start the services before watching.")
    boolean noUp;

    @Option(names = "--quiet", description = "Hide the build progress.")
    boolean quiet;

    @Override
    public Integer call() {
        try (var session = root.session()) {
            var project = session.project();
            var watched = Watching.services(project, services);
            if (!noUp) { // as compose: the watched images are built afresh, so that they hold the files as they are
                session.runner(p -> p.withoutBuildsIf(quiet)).up(project, UpRequest.defaults().withServices(Set.copyOf(services))
                        .withBuildPolicy(BuildPolicy.ALWAYS));
            }
            return Watching.untilInterrupted(root, session, project, watched, ShutdownTimeout.DEFAULT,
                    session.logs(false, true, 0), quiet);
        }
    }
}
