package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

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
     * {@code start} and {@code restart} of existing containers (a pre_start step's kept container is none of them):
     * without the model, each stopped one is just started; with it, as compose's {@code startService} starts them,
     * service by service, with the pre_start steps first when {@code preStart} and none of the service's containers
     * runs ({@code restart} runs none).
     */
    static void startExisting(Engine engine, ProgressListener progress, String projectName, Optional<Project> model,
                              List<ContainerState> containers, boolean preStart) {
        var byService = containers.stream().filter(c -> c.label(Labels.HOOK).isEmpty())
                .collect(Collectors.groupingBy(c -> c.label(Labels.SERVICE), java.util.LinkedHashMap::new,
                        Collectors.toList()));
        var starts = model.map(p -> new ServiceStarts(engine, p, progress));
        boolean steps = preStart && model.isPresent() && byService.keySet().stream().map(model.get()::service)
                .flatMap(Optional::stream).anyMatch(s -> !s.lifecycle().preStart().isEmpty());
        try (var watch = steps ? new ContainerWatch(engine, projectName) : null) {
            byService.forEach((name, mine) -> {
                var service = model.flatMap(p -> p.service(name));
                if (watch != null && service.isPresent()) {
                    starts.get().preStartExisting(service.get(), mine, watch);
                }
                mine.stream().filter(c -> !c.isRunning()).forEach(c -> {
                    service.ifPresent(s -> starts.get().beforeStart(s, c.id()));
                    engine.start(c.id());
                    service.ifPresent(s -> starts.get().afterStart(s, c.id()));
                    progress.on("Container", c.name(), "Started", "");
                });
            });
        }
    }

    /** The pre_start steps before existing containers start: when none of the replicas runs (one-offs aside). */
    private void preStartExisting(Service service, List<ContainerState> containers, ContainerWatch watch) {
        var replicas = containers.stream().filter(c -> !c.label(Labels.ONEOFF).equals("True"))
                .sorted(java.util.Comparator.comparing(dev.mlcompose.runner.plan.ObservedState::number)).toList();
        var stopped = replicas.stream().filter(c -> !c.isRunning()).toList();
        if (dev.mlcompose.runner.plan.Planner.preStarts(service, stopped.size(), replicas.size())) {
            preStart(service, dev.mlcompose.runner.plan.ObservedState.number(stopped.get(0)), stopped.get(0).id(), watch, Duration.ofDays(1));
        }
    }
}
