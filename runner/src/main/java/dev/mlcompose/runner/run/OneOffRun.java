package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.engine.PortBinding;
import dev.mlcompose.runner.plan.BuildPolicy;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.runner.spec.ServiceMounts;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code mlcompose run}: a one-off container, created once its dependencies are up and their conditions met, by
 * the same plan and waits as {@code up} (the plan's awaits for a one-off).
 */
final class OneOffRun {

    private final ProjectRunner runner;
    private final Engine engine;
    private final ProgressListener progress;
    private final Consumer<String> warnings;

    OneOffRun(ProjectRunner runner, Engine engine, ProgressListener progress, Consumer<String> warnings) {
        this.runner = runner;
        this.engine = engine;
        this.progress = progress;
        this.warnings = warnings;
    }

    /**
     * Starts (and waits for) the service's dependencies as {@code up} would, then creates its one-off container. The
     * jobs among the dependencies and a one-off of a job are recorded as one run, once the one-off is closed.
     */
    OneOff prepare(Project project, RunRequest request) {
        Service service = project.service(request.service())
                .orElseThrow(() -> new ServiceFailure(request.service(), "no such service: " + request.service()));
        RunRecorder recorder = runner.recorder(project);
        try {
            return prepare(project, request, service, recorder);
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
    }

    private OneOff prepare(Project project, RunRequest request, Service service, RunRecorder recorder) {
        if (!request.noDeps() && !service.dependsOn().isEmpty()) {
            // waited for inside the run, as up waits: a job dependency keeps its retries and deadline
            var deps = UpRequest.defaults().withQuietPull(request.quietPull()).withPull(request.pull()).withServices(service.dependsOn().keySet().stream()
                    .filter(d -> project.service(d).isPresent()).collect(Collectors.toSet()));
            runner.launch(project, deps.withRemoveOrphans(request.removeOrphans()),
                    deps.planning().withRemoveOrphans(request.removeOrphans())
                            .withOneOffOf(Optional.of(service.name())), Optional.of(recorder)).close();
        } else if (request.removeOrphans()) { // no plan runs for dependencies: the orphans go by themselves
            var observed = new ObservedState(new ProjectContainers(engine, project.name()).list(true), Map.of(), Map.of());
            try (var shutdown = new Shutdown(engine, progress, project.name())) {
                shutdown.stopAndRemove(observed.orphans(project), Duration.ofSeconds(10), true);
            }
        }
        new Images(engine, progress.withoutPullsIf(request.quietPull())).ensureAll(project, List.of(service.name()),
                request.rebuild() ? BuildPolicy.ALWAYS : BuildPolicy.IF_MISSING, request.pull());
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        var labels = new LinkedHashMap<>(ContainerSpecs.labels(project, service, 1,
                dev.mlcompose.schema.config.ConfigHash.of(project, service.name())));
        labels.put(Labels.ONEOFF, "True");
        labels.putAll(request.labels());
        var mounts = request.volumes().stream().map(v -> ServiceMounts.mount(project, resolved(project, v))).toList();
        var spec = oneOff(ContainerSpecs.of(project, service, 1, ""), request.name().orElse(project.name() + "-"
                + service.name() + "-run-" + suffix), request, labels, mounts);
        String id;
        try (var gpus = new GpuScheduling(engine, GpuOptions.defaults(), Duration.ofDays(1), progress,
                warnings)) {
            new Preflight(engine, warnings).check(project, Set.of(service.name()));
            gpus.preflight(project, Set.of(service.name()));
            new ProjectResources(engine, progress).ensure(project);
            id = gpus.create(service, spec);
        }
        var starts = new ServiceStarts(engine, project, progress);
        try {
            starts.beforeStart(service, id);
        } catch (RuntimeException e) {
            engine.remove(id, true);
            throw e;
        }
        boolean job = ServiceKinds.isJob(project, service);
        Runnable record = () -> {
            try {
                if (job) {
                    recorder.oneOff(service, id);
                }
            } finally {
                recorder.close();
            }
        };
        // a detached one with --rm is the engine's to remove once it exits
        return new OneOff(engine, progress, project.name(), id, spec.name(), request.remove() && !request.detach(),
                () -> starts.afterStart(service, id), record);
    }

    /**
     * The service's container as a one-off, as compose's {@code run} makes it: its own name and labels, the command,
     * entrypoint, extra environment, user, directory and capabilities of the run, the TTY and stdin the run decides
     * (whatever the service's {@code tty} and {@code stdin_open} say; an attached stdin is "once", so that its end
     * closes the container's), no restart policy, no published ports (unless {@code --service-ports}), and on each
     * network only its own name (unless {@code --use-aliases}), so it never takes the service's traffic.
     */
    static ContainerSpec oneOff(ContainerSpec service, String name, RunRequest run, Map<String, String> labels,
                                List<Mount> mounts) {
        ContainerSpec.Process p = service.process();
        var environment = new LinkedHashMap<>(p.environment());
        environment.putAll(run.environment());
        var process = p.withCommand(run.command().or(p::command)).withEntrypoint(run.entrypoint().or(p::entrypoint))
                .withEnvironment(environment).withTty(run.tty()).withStdinOpen(run.interactive())
                .withStdinOnce(run.interactive()).withUser(run.user().or(p::user))
                .withWorkingDir(run.workdir().or(p::workingDir));
        var ports = !run.publish().isEmpty() ? run.publish() : run.servicePorts() ? service.networking().ports() : List.<PortBinding>of();
        var networking = service.networking().withPorts(ports)
                .withEndpoints(service.networking().endpoints().stream().map(e -> e.withAliases(run.useAliases()
                        ? Stream.concat(Stream.of(name), e.aliases().stream()).distinct().toList()
                        : List.of(name))).toList());
        var security = service.security().withCapAdd(union(service.security().capAdd(), run.capAdd()))
                .withCapDrop(union(service.security().capDrop(), run.capDrop()));
        var byTarget = new LinkedHashMap<String, Mount>();
        Stream.concat(service.storage().mounts().stream(), mounts.stream()).forEach(m -> byTarget.put(m.target(), m));
        return service.withName(name).withLabels(labels).withProcess(process).withNetworking(networking)
                .withStorage(service.storage().withMounts(List.copyOf(byTarget.values())))
                .withSecurity(security).withRestart(ContainerSpec.RestartPolicy.NONE)
                .withAutoRemove(run.detach() && run.remove());
    }

    /** A {@code -v} bind source as the file's own: relative to the project directory, {@code ~} the user's home. */
    private static Service.Mount resolved(Project project, Service.Mount v) {
        if (!v.type().equals("bind") || v.source().isEmpty()) {
            return v;
        }
        String source = v.source().get();
        Path path = source.equals("~") || source.startsWith("~/")
                ? Path.of(System.getProperty("user.home")).resolve(source.substring(Math.min(2, source.length())))
                : project.workingDir().resolve(source);
        return new Service.Mount(v.type(), Optional.of(path.normalize().toString()), v.target(), v.readOnly(), v.options());
    }

    private static List<String> union(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }
}
