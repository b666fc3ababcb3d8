package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.ContainerSpecBuilder;
import dev.mlcompose.runner.engine.ContainerSpecNetworkingBuilder;
import dev.mlcompose.runner.engine.ContainerSpecProcessBuilder;
import dev.mlcompose.runner.engine.ContainerSpecSecurityBuilder;
import dev.mlcompose.runner.engine.ContainerSpecStorageBuilder;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service's {@code pre_start} steps, as compose's {@code pre_start.go} runs them: in order, each to completion in a
 * container of its own, before the service's containers start. A step's container runs the step's command on its
 * image (else the service's), with the volumes of the service's first container, on the service's networks, with
 * the service's environment and its own; it carries the project's, the service's and a hook label. It is removed
 * when the step succeeds and kept for inspection when it fails; steps kept from an earlier run go first.
 */
final class PreStartSteps {

    static final String KIND = "pre_start";
    /** How much of a failed step's output is read for its last lines. */
    private static final int LOG_LINES = 500;

    private final Engine engine;
    private final ProgressListener progress;

    PreStartSteps(Engine engine, ProgressListener progress) {
        this.engine = engine;
        this.progress = progress;
    }

    /**
     * Runs the steps for {@code service}, whose first container to start is {@code targetId}, its replica
     * {@code number}; throws on the first failure.
     */
    void run(Project project, Service service, int number, String targetId, ContainerWatch watch, Duration deadline) {
        removeKept(project, service);
        ContainerSpec target = ContainerSpecs.of(project, service, number, "");
        List<Service.Hook> steps = service.lifecycle().preStart();
        for (int i = 0; i < steps.size(); i++) {
            step(service, spec(project, service, target, targetId, i, steps.get(i)), i, watch, deadline);
        }
    }

    private void step(Service service, ContainerSpec spec, int index, ContainerWatch watch, Duration deadline) {
        String step = KIND + "[" + index + "]";
        String id = engine.create(spec).id();
        try {
            engine.start(id);
        } catch (EngineException e) {
            engine.remove(id, true);
            throw new ServiceFailure(service.name(), step + " could not start: " + e.reason(), e);
        }
        progress.on(ProgressEvent.container(spec.name(), Status.STARTED, step + " of " + service.name()));
        ContainerState exited = exit(service, id, step, watch, deadline);
        if (exited.exitCode() != 0) {
            var tail = new OutputTail();
            engine.readLogs(id, LogOptions.last(LOG_LINES)).forEach(tail);
            throw new ServiceFailure(service.name(), tail.after(step + " exited with code " + exited.exitCode())
                    + "\n(its container " + spec.name() + " is kept for inspection: docker logs " + spec.name() + ")");
        }
        progress.on(ProgressEvent.container(spec.name(), Status.COMPLETED, step + " of " + service.name()));
        engine.remove(id, false);
    }

    private static ContainerState exit(Service service, String id, String step, ContainerWatch watch,
                                       Duration deadline) {
        try {
            return Background.join(watch.await(id, deadline,
                    Conditions.endedAfterStart(),
                    s -> step + " did not complete within " + deadline.toSeconds() + "s: " + Conditions.describe(s)));
        } catch (IllegalStateException e) {
            throw new ServiceFailure(service.name(), e.getMessage(), e);
        }
    }

    /** Containers of this service's steps that an earlier run kept (a failed step's). */
    private void removeKept(Project project, Service service) {
        engine.containers(Map.of(Labels.PROJECT, project.name(), Labels.SERVICE, service.name(), Labels.HOOK, KIND),
                true).forEach(c -> engine.remove(c.id(), true));
    }

    /** A step's container, as compose's {@code createPreStartContainer} makes it. */
    static ContainerSpec spec(Project project, Service service, ContainerSpec target, String targetId, int index,
                              Service.Hook step) {
        var environment = new LinkedHashMap<>(target.process().environment());
        environment.putAll(step.environment());
        var labels = new LinkedHashMap<String, String>();
        labels.put(Labels.PROJECT, project.name());
        labels.put(Labels.SERVICE, service.name());
        labels.put(Labels.VERSION, Labels.COMPOSE_VERSION);
        labels.put(Labels.HOOK, KIND);
        var process = ContainerSpecProcessBuilder.builder().command(Optional.of(step.command()))
                .environment(environment).user(step.user()).workingDir(step.workingDir()).build();
        return ContainerSpecBuilder.builder().name(project.name() + "-" + service.name() + "-" + KIND + "-" + index)
                .image(step.image().orElse(Names.image(project, service))).labels(labels).process(process)
                .security(ContainerSpecSecurityBuilder.builder().privileged(step.privileged()).build())
                .storage(ContainerSpecStorageBuilder.builder().volumesFrom(List.of(targetId)).build())
                .networking(ContainerSpecNetworkingBuilder.builder().mode(target.networking().mode())
                        .endpoints(target.networking().endpoints()).build())
                .build();
    }
}
