package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    private final Engine engine;
    private final boolean recordSkips;
    private final Consumer<String> warnings;
    private final RunFile file;
    private final EarlierRuns earlier;
    private final InputsFrom inputs;
    private final JobArtifacts artifacts;
    private final JobRecords records;
    private final ExecutorService io = Executors.newSingleThreadExecutor(Background.daemon("mlcompose-history"));
    private final RecordedJobs recorded = new RecordedJobs();
    /** The jobs that run here, by container ID: those not ended at the close are recorded as running. */
    private final Map<String, Followed> followed = new ConcurrentHashMap<>();
    private boolean closed;

    private record Followed(Service service, JobRun job) {
    }

    /** {@code recordSkips}: false where the jobs it skips were just recorded by the same command ({@code train --then-up}). */
    RunRecorder(Engine engine, Project project, Optional<RunHistory> history, String command, boolean recordSkips,
                Consumer<String> warnings) {
        this.engine = engine;
        this.recordSkips = recordSkips;
        this.warnings = warnings;
        this.file = new RunFile(project, history, command, warnings);
        this.earlier = new EarlierRuns(project, history);
        this.inputs = new InputsFrom(history, file.id(), earlier);
        this.artifacts = new JobArtifacts(engine, warnings, file::unwritable);
        this.records = new JobRecords(project);
    }

    @Override
    public void on(ProgressEvent event) {
        if (event.resource() == ProgressEvent.Resource.CONTAINER && !event.status().working()) {
            file.progressed(event);
        }
    }

    /** Records the job once its last attempt has ended. */
    void follow(Service service, String containerId, JobRun job) {
        followed.put(containerId, new Followed(service, job));
        recorded.put(containerId, service.name(),
                job.completion().handleAsync((last, error) -> ran(service, containerId, job), io));
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
        JobRecord record = state.isRunning() ? records.running(service, state, List.of())
                : ended(service, state, List.of(new RunRecord.Attempt(1, state.exitCode(), JobRecords.took(state), false)),
                state.exitCode() == 0);
        recorded.put(containerId, service.name(), CompletableFuture.completedFuture(file.add(record.withOneOff(true))));
    }

    /** Records a job that was skipped: its earlier identical run, where the history has it, is what it reuses. */
    void skipped(Service service, ContainerState container) {
        recorded.put(container.id(), service.name(), CompletableFuture.supplyAsync(() -> {
            // its log is its own run's: read for the metrics, not kept
            var metrics = artifacts.log(container, Optional.empty()).metrics();
            return addSkip(earlier.reusing(records.base(service, container).succeeded(container.exitCode() == 0)
                    .skipped(true).metrics(metrics).build()));
        }, io));
    }

    /** Records a job skipped for a recorded success whose container is gone: that run's record, marked reused. */
    void reused(Service service, Map<String, String> cell, String runId) {
        recorded.putReused(service.name(), cell,
                CompletableFuture.supplyAsync(() -> addSkip(earlier.reused(service.name(), cell, runId)), io));
    }

    /** The records of the jobs of {@code service} that this run reused without a container. */
    List<JobRecord> reusedOf(String service) {
        return recorded.reusedOf(service);
    }

    /** The record of a job, once it is written: its metrics, for the summary. */
    CompletableFuture<JobRecord> recorded(String containerId) {
        return recorded.of(containerId);
    }

    /** The folder of a job's outputs that a dependant mounts ({@link InputsFrom}), once its records are written. */
    Optional<Path> outputsOf(Service job) {
        return inputs.folder(job, recorded.ofService(job.name()));
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

    private JobRecord ran(Service service, String containerId, JobRun job) {
        ContainerState state = engine.inspect(containerId);
        var attempts = JobRecords.attempts(job);
        boolean succeeded = !job.attempts().isEmpty() && job.attempts().get(job.attempts().size() - 1).succeeded();
        return file.add(ended(service, state, attempts, succeeded));
    }

    /** The record of a job whose container has ended: its log and outputs saved, the end on the timeline. */
    private JobRecord ended(Service service, ContainerState state, List<RunRecord.Attempt> attempts,
                            boolean succeeded) {
        file.ended(service.name(), state);
        var saved = artifacts.collect(state, service.name(), service.ml().outputs(), file.folder());
        return records.base(service, state).succeeded(succeeded).attempts(attempts).metrics(saved.metrics())
                .outputs(saved.outputs()).log(saved.log()).build();
    }

    private JobRecord addSkip(JobRecord job) {
        return recordSkips ? file.add(job) : job;
    }

    private synchronized void replace(JobRecord old, JobRecord updated) {
        recorded.replace(old, updated);
        file.replace(old, updated);
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
            var record = recorded.of(containerId);
            if (!record.isDone() || record.isCompletedExceptionally()) { // its end came after the history closed
                try {
                    file.add(records.running(f.service(), engine.inspect(containerId), JobRecords.attempts(f.job())));
                } catch (RuntimeException gone) {
                    warnings.accept("service " + f.service().name() + ": cannot record its job: " + gone.getMessage());
                }
            }
        });
        file.end();
    }
}
