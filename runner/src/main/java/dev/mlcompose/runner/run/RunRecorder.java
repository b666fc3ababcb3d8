package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records one invocation's jobs in the {@link RunHistory}, as each ends: its log (saved whole) and the metrics in it,
 * the outputs copied out of its container ({@link JobArtifacts}), its attempts and what identifies its work; the
 * containers' progress, for the timeline. A job still running when the invocation ends ({@code up -d}, {@code run -d})
 * is recorded as running, and {@link PendingJobs} settles it later. The run's folder is made at the first job, so an
 * {@code up} of services alone records nothing. A history that cannot be written is said once; the run goes on, and
 * the metrics are still read.
 */
final class RunRecorder implements ProgressListener, AutoCloseable {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Engine engine;
    private final Project project;
    private final Optional<RunHistory> history;
    private final String command;
    private final boolean recordSkips;
    private final Consumer<String> warnings;
    private final JobArtifacts artifacts;
    private final JobRecords records;
    private final String id;
    private final String startedAt = Instant.now().toString();
    private final ExecutorService io = Executors.newSingleThreadExecutor(Background.daemon("mlcompose-history"));
    private final Map<String, CompletableFuture<JobRecord>> recorded = new ConcurrentHashMap<>();
    /** The service of each job recorded, by container ID (or reuse key). */
    private final Map<String, String> services = new ConcurrentHashMap<>();
    /** The jobs that run here, by container ID: those not ended at the close are recorded as running. */
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private final List<JobRecord> jobs = new ArrayList<>();
    private final List<RunRecord.Event> events = new ArrayList<>();
    private boolean unwritable;
    private boolean closed;
    /** The history as it was before this run, read once: skipped and reused jobs look their runs up in it. */
    private List<RunRecord> earlier;

    private record Followed(Service service, JobRun job) {
    }

    /** {@code recordSkips}: false where the jobs it skips were just recorded by the same command ({@code train --then-up}). */
    RunRecorder(Engine engine, Project project, Optional<RunHistory> history, String command, boolean recordSkips,
                Consumer<String> warnings) {
        this.engine = engine;
        this.project = project;
        this.history = history;
        this.command = command;
        this.recordSkips = recordSkips;
        this.warnings = warnings;
        this.artifacts = new JobArtifacts(engine, warnings, this::unwritable);
        this.records = new JobRecords(project);
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
        followed.put(containerId, new Followed(service, job));
        recorded.put(containerId, job.completion().handleAsync((last, error) -> ran(service, containerId, job), io));
    }

    /**
     * Records a one-off container of a job ({@code mlcompose run}) as it is now: ended, or still running (detached);
     * one that never started, or is gone already (a detached {@code --rm} that ended at once), is no job run. A
     * one-off is in the history, never what the skip cache reuses: its command may be another.
     */
    void oneOff(Service service, String containerId) {
        ContainerState state;
        try {
            state = engine.inspect(containerId);
        } catch (RuntimeException gone) {
            return;
        }
        if (state.startedAt().isEmpty()) {
            return;
        }
        services.put(containerId, service.name());
        JobRecord record = state.isRunning() ? records.running(service, state, List.of())
                : ended(service, state, List.of(new RunRecord.Attempt(1, state.exitCode(), JobRecords.took(state), false)),
                state.exitCode() == 0);
        recorded.put(containerId, CompletableFuture.completedFuture(add(record.withOneOff(true))));
    }

    /** Records a job that was skipped: its earlier identical run, where the history has it, is what it reuses. */
    void skipped(Service service, ContainerState container) {
        services.put(container.id(), service.name());
        recorded.put(container.id(), CompletableFuture.supplyAsync(() -> {
            // its log is its own run's: read for the metrics, not kept
            var metrics = artifacts.log(container, Optional.empty()).metrics();
            var record = records.base(service, container).succeeded(container.exitCode() == 0).skipped(true)
                    .metrics(metrics).build();
            var earlier = lastSuccess(record);
            String log = earlier.filter(f -> f.job().log() != null)
                    .map(f -> "../" + f.run().id() + "/" + f.job().log()).orElse(null); // the run that made it
            return addSkip(record.withReusedFrom(earlier.map(f -> f.run().id()).orElse(null)).withLog(log));
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
            return addSkip(earlier.with().succeeded(true).skipped(true).reusedFrom(runId).exitCode(0)
                    .attempts(List.of()).peakMemoryBytes(null).outputs(null)
                    .log(earlier.log() == null ? null : "../" + runId + "/" + earlier.log()).build());
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
     * by the job's objective, as {@code train} ranks them (the first cell of the matrix that succeeded, without one
     * or on a tie); of a job skipped here, the run it reuses. With one output path, that path's own folder. Waits
     * for the job's records being written.
     */
    Optional<Path> outputsOf(Service job) {
        List<Map<String, String>> order = job.ml().sweep().map(s -> s.cells().stream().map(Sweep.Cell::values).toList())
                .orElse(List.of());
        var mine = recorded.entrySet().stream().filter(e -> job.name().equals(services.get(e.getKey())))
                .map(e -> e.getValue().handle((r, error) -> r).join()).filter(r -> r != null && r.succeeded())
                .sorted(Comparator.comparingInt(r -> order.indexOf(r.cell()))).toList();
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
        var best = job.ml().objective().map(o -> candidates.stream().min(Comparator.comparing(
                (Map.Entry<Path, JobRecord> c) -> c.getValue().metrics(), o.bestFirst())))
                .orElseGet(() -> candidates.stream().findFirst()); // stream min keeps the first of equals
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
            JobRecord updated = job.withPeakMemoryBytes(bytes.get());
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
        var attempts = JobRecords.attempts(job);
        boolean succeeded = !job.attempts().isEmpty() && job.attempts().get(job.attempts().size() - 1).succeeded();
        return add(ended(service, state, attempts, succeeded));
    }

    /** The record of a job whose container has ended: its log and outputs saved, the end on the timeline. */
    private JobRecord ended(Service service, ContainerState state, List<RunRecord.Attempt> attempts,
                            boolean succeeded) {
        synchronized (this) { // the timeline's end of the job: no progress line says it under train
            events.add(new RunRecord.Event(state.finishedAt().orElse(Instant.now()).toString(), state.name(),
                    service.name(), state.exitCode() == 0 ? "Exited" : "Failed"));
        }
        var saved = artifacts.collect(state, service.name(), service.ml().outputs(), writable().map(h -> h.folder(id)));
        return records.base(service, state).succeeded(succeeded).attempts(attempts).metrics(saved.metrics())
                .outputs(saved.outputs()).log(saved.log()).build();
    }

    private JobRecord addSkip(JobRecord job) {
        return recordSkips ? add(job) : job;
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
        var out = new java.util.LinkedHashMap<String, List<String>>();
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

    /**
     * Waits for the records of the jobs that have ended, records those still running as running (nothing stays
     * behind to watch them: {@link PendingJobs} settles them from their containers later), then writes the run's end.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        io.shutdown();
        try {
            io.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        followed.forEach((containerId, f) -> {
            var record = recorded.get(containerId);
            if (!record.isDone() || record.isCompletedExceptionally()) { // its end came after the history closed
                try {
                    add(records.running(f.service(), engine.inspect(containerId), JobRecords.attempts(f.job())));
                } catch (RuntimeException gone) {
                    warnings.accept("service " + f.service().name() + ": cannot record its job: " + gone.getMessage());
                }
            }
        });
        synchronized (this) {
            if (!jobs.isEmpty()) {
                save(Instant.now().toString());
            }
        }
    }
}
