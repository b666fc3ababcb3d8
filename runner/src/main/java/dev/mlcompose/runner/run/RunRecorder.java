package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Records one invocation's jobs in the {@link RunHistory}, as each ends: its log (saved whole) and the metrics in it,
 * the outputs copied out of its container, its attempts and what identifies its work; the containers' progress, for
 * the timeline. The run's folder is made at the first job, so an {@code up} of services alone records nothing. A
 * history that cannot be written is said once; the run goes on, and the metrics are still read.
 */
final class RunRecorder implements ProgressListener, AutoCloseable {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Engine engine;
    private final Project project;
    private final Optional<RunHistory> history;
    private final String command;
    private final Consumer<String> warnings;
    private final String id;
    private final String startedAt = Instant.now().toString();
    private final ExecutorService io = Executors.newSingleThreadExecutor(Background.daemon("mlcompose-history"));
    private final Map<String, CompletableFuture<JobRecord>> recorded = new ConcurrentHashMap<>();
    /** The service of each container recorded, by ID. */
    private final Map<String, String> services = new ConcurrentHashMap<>();
    private final List<JobRecord> jobs = new ArrayList<>();
    private final List<RunRecord.Event> events = new ArrayList<>();
    private boolean unwritable;
    private Map<String, Object> configs;
    /** The history as it was before this run, read once: skipped and reused jobs look their runs up in it. */
    private List<RunRecord> earlier;

    RunRecorder(Engine engine, Project project, Optional<RunHistory> history, String command,
                Consumer<String> warnings) {
        this.engine = engine;
        this.project = project;
        this.history = history;
        this.command = command;
        this.warnings = warnings;
        this.id = LocalDateTime.now(ZoneOffset.UTC).format(ID_TIME) + "-"
                + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
    }

    @Override
    public void on(ProgressEvent event) {
        if (event.resource() == ProgressEvent.Resource.CONTAINER && !event.status().working()) {
            synchronized (this) {
                events.add(new RunRecord.Event(Instant.now().toString(), event.name(), service(event.name()),
                        event.status().toString()));
            }
        }
    }

    /** Records the job once its last attempt has ended. */
    void follow(Service service, String containerId, JobRun job) {
        services.put(containerId, service.name());
        recorded.put(containerId, job.completion().handleAsync((last, error) -> ran(service, containerId, job), io));
    }

    /** Records a job that was skipped: its earlier identical run, where the history has it, is what it reuses. */
    void skipped(Service service, ContainerState container) {
        services.put(container.id(), service.name());
        recorded.put(container.id(), CompletableFuture.supplyAsync(() -> {
            var output = saveLog(container.id(), container.name(), false); // its log is its own run's
            var record = record(service, container, true, container.exitCode() == 0, List.of(), output);
            var earlier = lastSuccess(record);
            String reused = earlier.map(f -> f.run().id()).orElse(null);
            String log = earlier.filter(f -> f.job().log() != null)
                    .map(f -> "../" + f.run().id() + "/" + f.job().log()).orElse(null); // the run that made it
            return add(new JobRecord(record.service(), record.cell(), record.container(), record.configHash(),
                    record.imageId(), record.inputsKey(), record.succeeded(), true, reused, record.exitCode(), List.of(),
                    record.gpus(), null, record.metrics(), null, log, record.config()));
        }, io));
    }

    /** Records a job skipped for a recorded success whose container is gone: that run's record, marked reused. */
    void reused(Service service, Map<String, String> cell, String runId) {
        String key = "reused:" + service.name() + ":" + cell;
        services.put(key, service.name());
        recorded.put(key, CompletableFuture.supplyAsync(() -> {
            JobRecord earlier = earlierRuns().stream().filter(r -> r.id().equals(runId)).findFirst().orElseThrow()
                    .jobs().stream()
                    .filter(j -> j.service().equals(service.name()) && j.cell().equals(cell) && !j.skipped())
                    .findFirst().orElseThrow();
            return add(new JobRecord(earlier.service(), earlier.cell(), earlier.container(), earlier.configHash(),
                    earlier.imageId(), earlier.inputsKey(), true, true, runId, 0, List.of(), earlier.gpus(), null,
                    earlier.metrics(), null, earlier.log() == null ? null : "../" + runId + "/" + earlier.log(),
                    earlier.config()));
        }, io));
    }

    /** The records of the jobs of {@code service} that this run reused without a container. */
    List<JobRecord> reusedOf(String service) {
        return recorded.entrySet().stream().filter(e -> e.getKey().startsWith("reused:" + service + ":"))
                .map(e -> e.getValue().join()).toList();
    }

    /** The record of a job, once it is written: its metrics, for the summary. */
    CompletableFuture<JobRecord> recorded(String containerId) {
        return recorded.getOrDefault(containerId, CompletableFuture.failedFuture(
                new IllegalStateException("no job " + containerId + " in this run")));
    }

    /**
     * The folder of a job's outputs that a dependant mounts ({@code inputs-from}): of its run here, the best cell's
     * by the job's objective (the first that succeeded without one); of a job skipped here, the run it reuses. With
     * one output path, that path's own folder. Waits for the job's records being written.
     */
    Optional<Path> outputsOf(Service job) {
        var mine = recorded.entrySet().stream().filter(e -> job.name().equals(services.get(e.getKey())))
                .map(e -> e.getValue().handle((r, error) -> r).join()).filter(r -> r != null && r.succeeded()).toList();
        var candidates = new ArrayList<Map.Entry<Path, JobRecord>>();
        for (JobRecord r : mine) {
            if (!r.skipped() && r.outputs() != null && history.isPresent()) {
                candidates.add(Map.entry(history.get().folder(id).resolve(r.outputs()), r));
            } else if (r.skipped()) {
                lastSuccess(r)
                        .filter(f -> f.job().outputs() != null)
                        .ifPresent(f -> candidates.add(Map.entry(history.get().folder(f.run().id())
                                .resolve(f.job().outputs()), f.job())));
            }
        }
        var objective = job.ml().objective();
        var best = candidates.stream().max(java.util.Comparator.comparingDouble(c -> objective.map(o -> {
            Double v = c.getValue().metrics().get(o.metric());
            return v == null ? Double.NEGATIVE_INFINITY : o.maximize() ? v : -v;
        }).orElse(0.0)));
        List<String> paths = job.ml().outputs();
        return best.map(c -> paths.size() == 1 ? c.getKey().resolve(Path.of(paths.get(0)).getFileName().toString())
                : c.getKey());
    }

    /**
     * The job's record with the peak memory that {@code train} sampled added. Never blocks: it runs in completion
     * handlers, where waiting for the record (written on its own thread after the same completion) would deadlock.
     */
    CompletableFuture<JobRecord> withPeakMemory(String containerId, Optional<Long> bytes) {
        return recorded(containerId).thenApplyAsync(job -> {
            if (bytes.isEmpty()) {
                return job;
            }
            JobRecord updated = job.withPeakMemory(bytes.get());
            replace(job, updated);
            return updated;
        }, io);
    }

    /** The earlier run whose identical success a skipped job stands for. */
    private Optional<RunHistory.Found> lastSuccess(JobRecord skipped) {
        return RunHistory.lastSuccess(earlierRuns(), project.name(), skipped.service(), skipped.cell(),
                skipped.configHash(), skipped.imageId(), skipped.inputsKey());
    }

    private synchronized List<RunRecord> earlierRuns() {
        if (earlier == null) {
            earlier = history.map(RunHistory::list).orElse(List.of());
        }
        return earlier;
    }

    private JobRecord ran(Service service, String containerId, JobRun job) {
        ContainerState state = engine.inspect(containerId);
        synchronized (this) { // the timeline's end of the job: no progress line says it under train
            events.add(new RunRecord.Event(state.finishedAt().orElse(Instant.now()).toString(), state.name(),
                    service.name(), state.exitCode() == 0 ? "Exited" : "Failed"));
        }
        var output = saveLog(containerId, state.name(), true);
        String outputs = copyOutputs(service, state);
        var attempts = job.attempts().stream().map(a -> new RunRecord.Attempt(a.number(), a.state().exitCode(),
                a.took().toMillis() / 1000.0, a.timedOut())).toList();
        boolean succeeded = !job.attempts().isEmpty() && job.attempts().get(job.attempts().size() - 1).succeeded();
        var record = record(service, state, false, succeeded, attempts, output);
        var metrics = new LinkedHashMap<>(record.metrics());
        if (outputs != null) {
            metrics.putAll(Metrics.ofFile(history.get().folder(id).resolve(outputs)));
        }
        return add(new JobRecord(record.service(), record.cell(), record.container(), record.configHash(),
                record.imageId(), record.inputsKey(), succeeded, false, null, record.exitCode(), attempts, record.gpus(),
                null, metrics, outputs, record.log(), record.config()));
    }

    private JobRecord record(Service service, ContainerState state, boolean skipped, boolean succeeded,
                             List<RunRecord.Attempt> attempts, SavedLog output) {
        String gpus = state.label(GpuAllocator.LABEL).isEmpty() ? state.label(GpuAllocator.FALLBACK_LABEL)
                : state.label(GpuAllocator.LABEL);
        return new JobRecord(service.name(), cell(service, state), state.name(), state.label(Labels.CONFIG_HASH),
                state.label(Labels.IMAGE), state.label(Labels.INPUTS), succeeded, skipped, null, state.exitCode(),
                attempts, gpus, null, output.metrics(), null, output.file(), config(service.name()));
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, Object> config(String service) {
        if (configs == null) {
            configs = (Map<String, Object>) dev.mlcompose.schema.config.ConfigPrinter.shape(project, false).get("services");
        }
        return configs.get(service) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> cell(Service service, ContainerState state) {
        String label = state.label(Labels.CELL);
        return service.ml().sweep().flatMap(s -> s.cell(label)).map(Sweep.Cell::values).orElse(Map.of());
    }

    /** A job's log and the metrics read from it. */
    private record SavedLog(String file, Map<String, Double> metrics) {
    }

    /** The container's whole output into logs/NAME.log when {@code keep} (and the history is writable), its metrics read on the way. */
    private SavedLog saveLog(String containerId, String name, boolean keep) {
        var metrics = new Metrics();
        String relative = "logs/" + name + ".log";
        Writer file = keep ? writable().map(h -> open(h.folder(id).resolve(relative))).orElse(null) : null;
        var stream = engine.logs(containerId, LogOptions.all(), line -> {
            if (!line.stderr()) {
                metrics.accept(line.text());
            }
            if (file != null) {
                try {
                    file.write(line.text());
                    file.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        try {
            stream.awaitEnd(Duration.ofMinutes(2));
        } finally {
            EngineStreams.close(stream);
            if (file != null) {
                try {
                    file.close();
                } catch (IOException e) {
                    unwritable(e);
                }
            }
        }
        return new SavedLog(file == null ? null : relative, metrics.values());
    }

    /** The job's outputs, copied out through the archive API into outputs/SERVICE/NUMBER/; null without outputs. */
    private String copyOutputs(Service service, ContainerState state) {
        List<String> paths = service.ml().outputs();
        if (paths.isEmpty() || writable().isEmpty()) {
            return null;
        }
        String relative = "outputs/" + service.name() + "/" + state.label(Labels.NUMBER);
        Path folder = history.get().folder(id).resolve(relative);
        var copy = new ContainerCopy(engine);
        for (String path : paths) {
            try {
                Files.createDirectories(folder);
                copy.fromContainer(state.id(), state.name(), path, folder.toString(), folder, null,
                        new ContainerCopy.Options(false, false));
            } catch (IOException | RuntimeException e) {
                warnings.accept("service " + service.name() + ": cannot copy its output " + path + " out of "
                        + state.name() + ": " + e.getMessage());
            }
        }
        return relative;
    }

    private Writer open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            unwritable(e);
            return null;
        }
    }

    private synchronized JobRecord add(JobRecord job) {
        jobs.add(job);
        save(null);
        return job;
    }

    private synchronized void replace(JobRecord old, JobRecord updated) {
        jobs.replaceAll(j -> j == old ? updated : j);
        recorded.replaceAll((k, v) -> v.getNow(null) == old ? CompletableFuture.completedFuture(updated) : v);
        save(null);
    }

    private synchronized void save(String endedAt) {
        writable().ifPresent(h -> {
            try {
                h.write(new RunRecord(id, project.name(), command, startedAt, endedAt, dependsOn(), jobs, events));
            } catch (UncheckedIOException e) {
                unwritable(e);
            }
        });
    }

    private Map<String, List<String>> dependsOn() {
        var out = new LinkedHashMap<String, List<String>>();
        project.services().values().forEach(s -> out.put(s.name(), List.copyOf(s.dependsOn().keySet())));
        return out;
    }

    private synchronized Optional<RunHistory> writable() {
        return unwritable ? Optional.empty() : history;
    }

    private synchronized void unwritable(Exception e) {
        if (!unwritable) {
            unwritable = true;
            warnings.accept("cannot record this run in " + history.map(h -> h.folder(id).toString()).orElse("?") + ": "
                    + e.getMessage() + " (set --state-dir or MLCOMPOSE_STATE_DIR to a writable folder)");
        }
    }

    private String service(String container) {
        String prefix = project.name() + "-";
        String rest = container.startsWith(prefix) ? container.substring(prefix.length()) : container;
        return rest.replaceFirst("-\\d+$", "");
    }

    /** Waits for the records of the jobs that have ended (not for jobs still running), then writes the run's end. */
    @Override
    public void close() {
        io.shutdown();
        try {
            io.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (!jobs.isEmpty()) {
                save(Instant.now().toString());
            }
        }
    }
}
