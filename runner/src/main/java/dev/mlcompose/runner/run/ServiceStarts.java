package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;

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

    /** Whether the service has pre_start steps to run before {@code starting} of its {@code containers} start. */
    static boolean preStarts(Service service, int starting, int containers) {
        // compose runs them only when none of its containers is running (a first up, a recreate), once
        return !service.lifecycle().preStart().isEmpty() && starting > 0 && starting == containers;
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
}
