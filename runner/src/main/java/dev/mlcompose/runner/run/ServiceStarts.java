package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.StartPlanner;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What compose does around the start of a service's container besides the start itself ({@code convergence.go}
 * {@code startService}, {@code startServiceContainer}), in one place for {@code up}, {@code run} and {@code train}:
 * the {@code pre_start} steps before the service's first start, the secrets and configs copied in before each
 * start, the {@code post_start} hooks after it.
 */
final class ServiceStarts {

    private final Project project;
    private final InjectedFiles files;
    private final Hooks hooks;
    private final PreStartSteps preStart;

    ServiceStarts(Engine engine, Project project, ProgressListener progress) {
        this.project = project;
        this.files = new InjectedFiles(engine, project);
        this.hooks = new Hooks(engine);
        this.preStart = new PreStartSteps(engine, progress);
    }

    /** The pre_start steps, with the volumes of container {@code id}, the service's replica {@code number}. */
    void preStart(Service service, int number, String id, ContainerWatch watch, Duration deadline) {
        preStart.run(project, service, number, id, watch, deadline);
    }

    /** The secrets and configs whose content is copied in, before container {@code id} starts. */
    void beforeStart(Service service, String id) {
        files.copyInto(service, id);
    }

    /** The post_start hooks, once container {@code id} runs. */
    void afterStart(Service service, String id) {
        hooks.run(service, id, Hooks.POST_START, service.lifecycle().postStart());
    }

    /**
     * {@code start} and {@code restart} of existing containers, as the {@link StartPlanner} plans them: without the
     * model, each stopped one is just started; with it, files are copied in and post_start hooks run, and the
     * pre_start steps come first where the plan has them ({@code restart} asks for none).
     */
    static void startExisting(Engine engine, ProgressListener progress, String projectName, Optional<Project> model,
                              List<ContainerState> containers, boolean preStart) {
        Plan plan = StartPlanner.plan(containers, model, preStart);
        var starts = model.map(p -> new ServiceStarts(engine, p, progress));
        boolean steps = plan.steps().stream().anyMatch(s -> s.operation() instanceof Operation.PreStart);
        try (var watch = steps ? new ContainerWatch(engine, projectName) : null) {
            for (Plan.Step step : plan.steps()) {
                var service = model.flatMap(p -> p.service(step.operation().service()));
                if (step.operation() instanceof Operation.PreStart op) {
                    starts.get().preStart(service.orElseThrow(), op.number(), replica(containers, op).id(), watch,
                            Duration.ofDays(1));
                } else if (step.operation() instanceof Operation.Start op) {
                    ContainerState c = op.existing().orElseThrow();
                    service.ifPresent(s -> starts.get().beforeStart(s, c.id()));
                    engine.start(c.id());
                    service.ifPresent(s -> starts.get().afterStart(s, c.id()));
                    progress.on(ProgressEvent.container(c.name(), Status.STARTED));
                }
            }
        }
    }

    /** The replica whose volumes the pre_start steps use. */
    private static ContainerState replica(List<ContainerState> containers, Operation.PreStart op) {
        return containers.stream().filter(c -> c.label(Labels.SERVICE).equals(op.service()))
                .filter(c -> c.label(Labels.HOOK).isEmpty() && !c.label(Labels.ONEOFF).equals("True"))
                .filter(c -> ObservedState.number(c) == op.number()).findFirst().orElseThrow();
    }
}
