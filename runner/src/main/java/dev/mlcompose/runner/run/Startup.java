package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Names;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.Dependency;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * One {@code up}: each service converges the moment its own dependencies are satisfied (not level by
 * level). A service whose config hash is unchanged keeps its containers; a changed one, or one whose
 * dependency was recreated, gets new ones.
 */
final class Startup {

    /** The containers a service ended up with, and whether any of them is new. */
    record Started(String service, List<String> containerIds, boolean recreated) {
    }

    /** How long the engine's list may take to show a container whose name it has reserved already. */
    static final Duration TAKEN_NAME_LISTED = Duration.ofSeconds(2);

    private final Engine engine;
    private final Project project;
    private final ServiceGraph graph;
    private final Set<String> selected;
    private final List<ContainerState> observed;
    private final UpRequest request;
    private final ContainerWatch watch;
    private final ProgressListener progress;
    private final ExecutorService pool;
    private final Consumer<String> warnings;
    private final Map<String, String> imageIds;
    private final Map<String, String> hashes;
    private final java.util.function.BooleanSupplier cancelled;
    private final GpuScheduling gpus;
    private final java.util.concurrent.ScheduledExecutorService scheduler;
    private final Map<String, CompletableFuture<Started>> started = new ConcurrentHashMap<>();
    private final Map<String, JobRun> jobs = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    private final ServiceStarts starts;

    /** Where a run gets its images, GPUs and timers. */
    record Means(Map<String, String> imageIds, GpuScheduling gpus,
                 java.util.concurrent.ScheduledExecutorService scheduler, java.util.function.BooleanSupplier cancelled) {
    }

    Startup(Engine engine, Project project, ServiceGraph graph, Set<String> selected, List<ContainerState> observed,
            UpRequest request, ContainerWatch watch, ProgressListener progress, ExecutorService pool,
            Consumer<String> warnings, Means means) {
        this.imageIds = means.imageIds();
        this.hashes = ConfigHash.all(project);
        this.gpus = means.gpus();
        this.scheduler = means.scheduler();
        this.cancelled = means.cancelled();
        this.engine = engine;
        this.project = project;
        this.graph = graph;
        this.selected = selected;
        this.observed = observed;
        this.request = request;
        this.watch = watch;
        this.progress = progress;
        this.pool = pool;
        this.warnings = warnings;
        this.starts = new ServiceStarts(engine, project, progress);
    }

    CompletableFuture<Started> start(String service) {
        CompletableFuture<Started> existing = started.get(service);
        if (existing != null) {
            return existing;
        }
        var dependencies = graph.dependencies(service).entrySet().stream()
                .filter(e -> selected.contains(e.getKey())) // --no-deps never waits on what it did not start
                .map(e -> satisfied(service, e.getKey(), e.getValue())).toList();
        CompletableFuture<Started> result = CompletableFuture.allOf(dependencies.toArray(CompletableFuture[]::new))
                .thenApplyAsync(v -> converge(service, dependencies.stream().anyMatch(d -> d.join())), pool);
        CompletableFuture<Started> raced = started.putIfAbsent(service, result);
        return raced == null ? result : raced;
    }

    /** Completes (true if the dependency was recreated) when {@code dependent} may start. */
    private CompletableFuture<Boolean> satisfied(String dependent, String name, Dependency dependency) {
        Service service = project.service(name).orElseThrow();
        return start(name).thenCompose(s -> switch (dependency.condition()) {
            case "service_healthy" -> healthy(s, service);
            case "service_completed_successfully" -> completed(s, service);
            default -> CompletableFuture.completedFuture(s);
        }).handle((s, error) -> {
            if (error == null) {
                return s.recreated();
            }
            String cause = rootMessage(error);
            if (!dependency.required()) {
                warnings.accept("service " + dependent + ": optional dependency " + name + " " + cause + "; starting anyway");
                return false;
            }
            throw new ServiceFailure(dependent, "cannot start " + dependent + ": dependency " + name + " " + cause);
        });
    }

    /** Completes when every container of {@code s} is healthy, by the service's own health deadline. */
    private CompletableFuture<Started> healthy(Started s, Service service) {
        Duration deadline = Conditions.healthDeadline(service);
        return reached(s, "Healthy", s.containerIds().stream().map(id -> watch.await(id, deadline,
                Conditions.healthy(service), st -> "did not become healthy within " + deadline.toSeconds() + "s: "
                        + Conditions.describe(st))));
    }

    /** The job runs of a service's containers, by container id (jobs only). */
    Map<String, JobRun> jobs() {
        return jobs;
    }

    /**
     * Completes when every container of {@code s} has completed successfully: for a job, after its retries;
     * for anything else, when the engine reports exit 0 (its restart policy permitting).
     */
    CompletableFuture<Started> completed(Started s, Service service) {
        return reached(s, "Completed", s.containerIds().stream().map(id -> {
            JobRun job = jobs.get(id);
            if (job == null) {
                return watch.await(id, request.longWait(), Conditions.completedSuccessfully(service),
                        st -> "did not complete within " + request.longWait().toSeconds() + "s: " + Conditions.describe(st));
            }
            return job.completion().thenApply(last -> {
                if (!last.succeeded()) {
                    throw new IllegalStateException(last.cause() + (last.of() > 1 ? " (attempt " + last.number() + " of "
                            + last.of() + ")" : ""));
                }
                return last.state();
            });
        }));
    }

    /**
     * Completes with {@code s} once every wait has; each container's state is reported once, however many
     * dependants wait for it. A failure carries the service's last log lines.
     */
    private CompletableFuture<Started> reached(Started s, String state,
                                               java.util.stream.Stream<CompletableFuture<ContainerState>> waits) {
        var reporting = waits.map(f -> f.thenApply(st -> {
            if (reported.add(st.name() + state)) {
                progress.on("Container", st.name(), state, "");
            }
            return st;
        })).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(reporting).handle((v, error) -> {
            if (error != null) {
                throw new CompletionException(new IllegalStateException(rootMessage(error) + lastLines(s)));
            }
            return s;
        });
    }

    /** A container of a service once converged: its replica number, and whether it is still to be started. */
    private record Replica(String id, String name, int number, boolean toStart, java.util.OptionalLong createdAt) {
    }

    /**
     * Keeps, recreates or creates each replica, removes those beyond the scale, then starts what is not running:
     * the pre_start steps first when none of the service's containers runs, as compose's {@code startService}.
     */
    private Started converge(String name, boolean dependencyRecreated) {
        Service service = project.service(name).orElseThrow();
        int replicas = request.scale().getOrDefault(name, service.replicas());
        String hash = hashes.get(name);
        var converged = new ArrayList<Replica>();
        boolean recreated = false;
        List<ContainerState> mine = observed.stream().filter(c -> c.label(Labels.SERVICE).equals(name))
                .filter(c -> c.label(Labels.HOOK).isEmpty()) // a pre_start step's container is none of its replicas
                .sorted(Comparator.comparing(c -> number(c))).toList();
        for (int n = 1; n <= replicas; n++) {
            final int number = n;
            var current = mine.stream().filter(c -> number(c) == number).findFirst();
            String imageId = imageIds.getOrDefault(name, "");
            if (current.isPresent() && keep(current.get(), hash, imageId, dependencyRecreated)) {
                converged.add(kept(service, current.get(), number, imageId));
                continue;
            }
            var inherited = current.map(c -> inherited(service, c)).orElse(Map.of()); // read before it is removed
            current.ifPresent(c -> removeContainer(c, "Recreate"));
            converged.add(create(service, number, hash, imageId, inherited));
            recreated = true;
        }
        mine.stream().filter(c -> number(c) > replicas).forEach(c -> removeContainer(c, "Removed"));
        var toStart = converged.stream().filter(Replica::toStart).toList();
        if (ServiceStarts.preStarts(service, toStart.size(), converged.size())) {
            starts.preStart(service, toStart.get(0).number(), toStart.get(0).id(), watch, request.longWait());
        }
        var ids = converged.stream().map(r -> r.toStart() ? startReplica(service, r) : r.id()).toList();
        return new Started(name, ids, recreated);
    }

    /** A container that stays: skipped (a job whose identical run succeeded), running, or to be started again. */
    private Replica kept(Service service, ContainerState c, int number, String imageId) {
        var skip = JobCache.skip(project, service, c, imageId, request.rerun());
        if (skip.isPresent()) {
            progress.on("Container", c.name(), "Skipped", skip.get());
            jobs.put(c.id(), JobRun.finished(service, c, engine, progress));
            return new Replica(c.id(), c.name(), number, false, java.util.OptionalLong.empty());
        }
        if (c.isRunning()) {
            progress.on("Container", c.name(), "Running", "");
            followIfJob(service, c.id(), c.name());
            return new Replica(c.id(), c.name(), number, false, java.util.OptionalLong.empty());
        }
        return new Replica(c.id(), c.name(), number, true, java.util.OptionalLong.empty());
    }

    /** Copies its files in, starts it, runs its post_start hooks; a job is followed from then on. */
    private String startReplica(Service service, Replica r) {
        starts.beforeStart(service, r.id());
        String id = start(service, r.id(), r.name());
        starts.afterStart(service, id);
        progress.on("Container", r.name(), "Started", r.createdAt().isEmpty() ? "" : Images.seconds(r.createdAt().getAsLong()));
        return followIfJob(service, id, r.name());
    }

    /** Whether a container stays: unchanged config, unchanged image (as compose), dependencies kept. */
    private boolean keep(ContainerState c, String hash, String imageId, boolean dependencyRecreated) {
        return switch (request.recreate()) {
            case NEVER -> true;
            case ALWAYS -> false;
            case IF_CHANGED -> c.label(Labels.CONFIG_HASH).equals(hash) && !dependencyRecreated
                    && (imageId.isEmpty() || c.label(Labels.IMAGE).equals(imageId));
        };
    }

    private String followIfJob(Service service, String id, String name) {
        if (ServiceKinds.isJob(project, service)) {
            jobs.put(id, JobRun.follow(engine, watch, scheduler, progress, service, id, name, request.longWait(),
                    cancelled));
        }
        return id;
    }

    /**
     * The anonymous volumes (and image {@code VOLUME} paths) a replacement of {@code c} takes over, unless
     * {@code --renew-anon-volumes}: compose's {@code recreateContainer} passes the old container as {@code inherit}.
     */
    private Map<String, Mount> inherited(Service service, ContainerState c) {
        if (request.renewAnonVolumes()) {
            return Map.of();
        }
        var imageVolumes = engine.image(Names.image(project, service)).map(ImageInfo::volumes).orElse(Set.of());
        return InheritedVolumes.of(service, imageVolumes, c.mounts());
    }

    private Replica create(Service service, int number, String hash, String imageId, Map<String, Mount> inherited) {
        var labels = new java.util.LinkedHashMap<>(request.labels());
        String inputs = JobCache.inputsKey(project, service);
        if (!inputs.isEmpty()) {
            labels.put(JobCache.INPUTS_LABEL, inputs);
        }
        var spec = ContainerSpecs.of(project, service, number, hash, labels);
        if (!inherited.isEmpty()) {
            spec = spec.withStorage(ServiceMounts.of(project, service, inherited));
        }
        if (!imageId.isEmpty()) {
            var withImage = new java.util.LinkedHashMap<>(spec.labels());
            withImage.put(Labels.IMAGE, imageId); // compose records the image ID
            spec = spec.withLabels(withImage);
        }
        long t = System.nanoTime();
        String id;
        try {
            id = gpus.create(service, spec);
        } catch (EngineException e) {
            var theirs = e.kind() == EngineException.Kind.CONFLICT ? sameContainer(service, spec.name(), hash)
                    : Optional.<ContainerState>empty();
            // another up of this project created it between our list and our create: it is ours to use
            return theirs.map(c -> kept(service, c, number, imageId)).orElseThrow(() -> e);
        }
        progress.on("Container", spec.name(), "Created", "");
        return new Replica(id, spec.name(), number, true, java.util.OptionalLong.of(t));
    }

    /**
     * The container of this name, if it is this service's with the same config. The engine reserves a name before
     * its list shows the container, so it is looked for during {@link #TAKEN_NAME_LISTED} (20 looks).
     */
    private Optional<ContainerState> sameContainer(Service service, String name, String hash) {
        var looks = Retry.of("taken name " + name, RetryConfig.<Optional<ContainerState>>custom().maxAttempts(20)
                .waitDuration(TAKEN_NAME_LISTED.dividedBy(20)).retryOnResult(Optional::isEmpty).build());
        var found = looks.executeSupplier(() -> engine.containers(Map.of(Labels.PROJECT, project.name(),
                Labels.SERVICE, service.name()), true).stream().filter(c -> c.name().equals(name)).findFirst());
        return found.filter(c -> c.label(Labels.CONFIG_HASH).equals(hash));
    }

    /**
     * Starts a container; the engine's refusal is reported with the service and container names, not the ID. One
     * that is gone by then was replaced by another up of this project at the same time: its container of this
     * name and config is the one started (or left running). Returns the ID of the container that runs.
     */
    private String start(Service service, String id, String name) {
        if (cancelled.getAsBoolean()) {
            throw new ServiceFailure(service.name(), "canceled before " + name + " started");
        }
        try {
            engine.start(id);
            return id;
        } catch (EngineException e) {
            var replacement = e.kind() == EngineException.Kind.NOT_FOUND
                    ? sameContainer(service, name, hashes.get(service.name())) : Optional.<ContainerState>empty();
            if (replacement.isEmpty()) {
                throw new ServiceFailure(service.name(), "cannot start " + name + ": " + e.reason(), e);
            }
            if (!replacement.get().isRunning()) {
                start(service, replacement.get().id(), name);
            }
            return replacement.get().id();
        }
    }

    private void removeContainer(ContainerState c, String why) {
        EngineException.unlessGone(() -> { // removed by another up of this project at the same time
            engine.stop(c.id(), Duration.ofSeconds(10));
            engine.remove(c.id(), true);
        });
        progress.on("Container", c.name(), why, "");
    }

    private String lastLines(Started s) {
        if (s.containerIds().isEmpty()) {
            return "";
        }
        List<String> lines;
        try {
            lines = engine.readLogs(s.containerIds().get(0), LogOptions.last(10)).stream().map(l -> l.text()).toList();
        } catch (RuntimeException e) {
            return ""; // the failure itself is what matters; its logs are a bonus
        }
        return lines.isEmpty() ? "" : "; last log lines of " + s.service() + ":\n    " + String.join("\n    ", lines);
    }

    static int number(ContainerState c) {
        try {
            return Integer.parseInt(c.label(Labels.NUMBER));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
