package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.history.Recording;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.PlanRequest;
import dev.mlcompose.runner.plan.Planner;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.schema.model.Project;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The start every {@code up}, {@code train} and {@code run} shares: the project planned over what the engine has and
 * the plan set going (see {@link ProjectRunner#launch(Project, UpRequest)}); or, with nothing changed, what it would
 * do ({@code up --dry-run}). Both plan with the same {@link Planner}, so that the dry run shows what {@code up} does.
 */
final class Launch {

    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;
    private final Recording recording;
    private final Interruption interruption;

    Launch(Engine engine, ProgressListener progress, Consumer<String> warnings, Recording recording,
           Interruption interruption) {
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
        this.recording = recording;
        this.interruption = interruption;
    }

    /** See {@link ProjectRunner#launch(Project, UpRequest, PlanRequest, Optional)}. */
    ProjectRun start(Project project, UpRequest request, PlanRequest planning, Optional<RunRecorder> shared) {
        ServiceGraph graph = ServiceGraph.of(project);
        Set<String> selected = selection(project, graph, planning);
        var resources = Background.inBackground("mlcompose-resources",
                () -> new ProjectResources(engine, progress).observe());
        var watch = Background.inBackground("mlcompose-watch", () -> new ContainerWatch(engine, project.name()));
        GpuScheduling gpus = null;
        Plan plan;
        ObservedState observed;
        try {
            var runs = new LaunchHistory(engine, recording, warnings).read(project, selected, true);
            var containers = new ProjectContainers(engine, project.name()).list(true);
            var imageIds = new Images(engine, progress.withoutPullsIf(request.quietPull())).ensureAll(project, selected, request);
            var preflight = new Preflight(engine, warnings).check(project, selected, request.scale());
            gpus = new GpuScheduling(engine, request.gpus(), request.longWait(), progress, warnings);
            gpus.preflight(project, selected);
            observed = new ObservedState(containers, imageIds, JobCache.inputs(project, selected),
                    LaunchHistory.successes(project, selected, runs), Background.join(resources));
            plan = Planner.plan(project, graph, observed, planning);
            emulateStartIntervals(project, preflight, Background.join(watch));
        } catch (RuntimeException e) {
            if (gpus != null) {
                gpus.close();
            }
            watch.thenAccept(ContainerWatch::close);
            throw e;
        }
        // from here the run owns the GPU allocations and the watch, and closes them when it fails
        var finalGpus = gpus;
        var finalObserved = observed;
        return interruption.cancellable(watch.join(), () -> ProjectRun.start(engine, project, plan, request, recording,
                shared, finalGpus, finalObserved, watch.join(), progress, warnings, interruption::interrupted));
    }

    /** See {@link ProjectRunner#dryRun}. */
    DryRun dryRun(Project project, UpRequest request) {
        ServiceGraph graph = ServiceGraph.of(project);
        PlanRequest planning = request.planning();
        Set<String> selected = selection(project, graph, planning);
        var images = new Images(engine, progress).preview(project, selected, request);
        var recorded = LaunchHistory.successes(project, selected,
                new LaunchHistory(engine, recording, warnings).read(project, selected, false));
        var observed = new ObservedState(new ProjectContainers(engine, project.name()).list(true), images.imageIds(),
                JobCache.inputs(project, selected), recorded, new ProjectResources(engine, progress).observe());
        return new DryRun(images.fetches(), Planner.plan(project, graph, observed, planning));
    }

    private void emulateStartIntervals(Project project, Preflight.Outcome preflight, ContainerWatch watch) {
        if (!preflight.emulatedStartIntervals().isEmpty()) {
            watch.listen(new StartIntervalProbes(engine, project, preflight.emulatedStartIntervals(), watch::vouchHealthy));
        }
    }

    private static Set<String> selection(Project project, ServiceGraph graph, PlanRequest request) {
        for (String s : request.services()) {
            if (project.service(s).isEmpty()) {
                throw new ServiceFailure(s, "no such service: " + s);
            }
        }
        return Planner.selection(project, graph, request);
    }
}
