package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.runner.spec.InheritedVolumes;
import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What a plan's replica operations do on the Docker Engine: create (with the GPUs scheduled), recreate
 * (its anonymous volumes carried over), start (files copied in, post_start hooks after), keep, skip, remove,
 * and follow each job. A container that another {@code up} of the project made or replaced meanwhile is
 * adopted when it has the same config ({@link ConcurrentUps}), so concurrent {@code up}s converge.
 */
final class ContainerSteps {

    /** A replica once its operation is done: whether it is still to be started, and since when it exists. */
    record Replica(String id, String name, int number, boolean toStart, OptionalLong createdAt) {
    }

    /** What every container of a run shares: its means and its request's extras. */
    record Context(Engine engine, Project project, UpRequest request, ProgressListener progress, GpuScheduling gpus,
                   ContainerWatch watch, ScheduledExecutorService scheduler, BooleanSupplier cancelled,
                   ObservedState observed, RunRecorder recorder) {
    }

    private final Context run;
    private final Engine engine;
    private final Project project;
    private final ProgressListener progress;
    private final Map<String, String> hashes;
    private final ServiceStarts starts;
    private final ReplicaSpecs specs;
    private final ConcurrentUps others;
    private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();

    ContainerSteps(Context run) {
        this.run = run;
        this.engine = run.engine();
        this.project = run.project();
        this.progress = run.progress();
        this.hashes = ConfigHash.all(project);
        this.starts = new ServiceStarts(engine, project, progress);
        this.specs = new ReplicaSpecs(project, run.request(), run.observed(), run.recorder());
        this.others = new ConcurrentUps(engine, project, hashes, run.cancelled());
    }

    /** The project whose replicas these are. */
    Project project() {
        return project;
    }

    /** The job runs of the containers started or skipped, by container ID. */
    Map<String, JobRun> jobs() {
        return jobs;
    }

    Replica create(Operation.Create op) {
        return create(service(op.service()), op.number(), op.cell(), Map.of());
    }

    /** The replaced container's anonymous volumes are read before it is removed, then handed to the new one. */
    Replica recreate(Operation.Recreate op) {
        Service service = service(op.service());
        var inherited = op.renewVolumes() ? Map.<String, Mount>of() : inherited(service, op.replaced());
        remove(op.replaced(), Status.RECREATE);
        return create(service, op.number(), op.cell(), inherited);
    }

    Replica keep(Operation.Keep op) {
        return running(service(op.service()), op.container(), op.number());
    }

    Replica skip(Operation.Skip op) {
        ContainerState c = op.container();
        progress.on(ProgressEvent.container(c.name(), Status.SKIPPED, op.why()));
        jobs.put(c.id(), JobRun.finished(service(op.service()), c, engine, progress));
        run.recorder().skipped(service(op.service()), c);
        return new Replica(c.id(), c.name(), op.number(), false, OptionalLong.empty());
    }

    /** A job whose recorded success is reused: nothing runs, the run records the reuse. */
    void reuse(Operation.Reuse op) {
        progress.on(ProgressEvent.container(op.name(), Status.SKIPPED, op.why()));
        run.recorder().reused(service(op.service()), op.cell().map(Sweep.Cell::values).orElse(Map.of()), op.runId());
    }

    void remove(Operation.Remove op) {
        remove(op.container(), Status.REMOVED);
    }

    /** The pre_start steps, with the volumes of the replica about to start first. */
    void preStart(Operation.PreStart op, Replica first) {
        starts.preStart(service(op.service()), op.number(), first.id(), run.watch(), run.request().longWait());
    }

    /** Copies its files in, starts it, runs its post_start hooks; a job is followed from then on. */
    Replica start(Replica r, Service service) {
        if (!r.toStart()) {
            return r; // adopted running from another up
        }
        starts.beforeStart(service, r.id());
        String id = others.start(service, r.id(), r.name());
        starts.afterStart(service, id);
        progress.on(ProgressEvent.container(r.name(), Status.STARTED, r.createdAt().isEmpty() ? "" : Images.seconds(r.createdAt().getAsLong())));
        follow(service, id, r.name());
        return new Replica(id, r.name(), r.number(), false, r.createdAt());
    }

    Service service(String name) {
        return project.service(name).orElseThrow();
    }

    private Replica running(Service service, ContainerState c, int number) {
        if (!c.isRunning()) {
            return new Replica(c.id(), c.name(), number, true, OptionalLong.empty());
        }
        progress.on(ProgressEvent.container(c.name(), Status.RUNNING));
        follow(service, c.id(), c.name());
        return new Replica(c.id(), c.name(), number, false, OptionalLong.empty());
    }

    private void follow(Service service, String id, String name) {
        if (ServiceKinds.isJob(project, service)) {
            JobRun job = JobRun.follow(engine, run.watch(), run.scheduler(), progress, service, id, name,
                    run.request().longWait(), run.cancelled());
            run.gpus().holdUntil(id, job.completion());
            run.recorder().follow(service, id, job);
            jobs.put(id, job);
        }
    }

    /** compose's {@code recreateContainer} passes the old container as {@code inherit}: its volumes and image VOLUMEs. */
    private Map<String, Mount> inherited(Service service, ContainerState c) {
        var imageVolumes = engine.image(Names.image(project, service)).map(ImageInfo::volumes).orElse(Set.of());
        return InheritedVolumes.of(service, imageVolumes, c.mounts());
    }

    private Replica create(Service service, int number, Optional<Sweep.Cell> cell, Map<String, Mount> inherited) {
        var spec = specs.of(service, number, cell, hashes.get(service.name()), inherited);
        others.creating(spec);
        long t = System.nanoTime();
        String id;
        try {
            id = run.gpus().create(service, spec);
        } catch (EngineException e) {
            var theirs = e.kind() == EngineException.Kind.CONFLICT ? others.sameContainer(service, spec.name())
                    : Optional.<ContainerState>empty();
            // another up of this project created it between our list and our create: it is ours to use
            return theirs.map(c -> running(service, c, number)).orElseThrow(() -> e);
        }
        progress.on(ProgressEvent.container(spec.name(), Status.CREATED, cell.map(Sweep.Cell::toString).orElse("")));
        return new Replica(id, spec.name(), number, true, OptionalLong.of(t));
    }

    private void remove(ContainerState c, Status status) {
        EngineException.unlessGone(() -> { // removed by another up of this project at the same time
            engine.stop(c.id(), Duration.ofSeconds(10));
            engine.remove(c.id(), true);
        });
        progress.on(ProgressEvent.container(c.name(), status));
    }
}
