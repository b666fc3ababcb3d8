package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.runner.history.RunRecord.JobState;
import dev.mlcompose.runner.spec.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The recorded jobs that still ran when their command returned ({@code up -d}, {@code run -d}): nothing stayed
 * behind to watch them, so their end is read from their containers by the next command that has the engine at hand
 * ({@code up}, {@code train}, {@code run}, {@code down}, {@code rm}, {@code runs}), before it changes anything. An
 * ended one gets its exit code, last attempt, log, metrics and outputs as if it had been watched; one still running
 * stays as it is; one whose container is gone is marked lost.
 */
public final class PendingJobs {

    private final Engine engine;
    private final Consumer<String> warnings;

    public PendingJobs(Engine engine, Consumer<String> warnings) {
        this.engine = engine;
        this.warnings = warnings;
    }

    /**
     * Settles the running jobs of {@code project}'s runs in {@code history}; the history as it is then. A history that
     * cannot be read is left, as empty.
     */
    public List<RunRecord> settle(RunHistory history, String project) {
        try {
            return settle(history, history.list(), project);
        } catch (RuntimeException unreadable) {
            return List.of(); // said by the command that reads it for the skip cache
        }
    }

    /** As above, over {@code runs}, the history as the caller has read it. */
    public List<RunRecord> settle(RunHistory history, List<RunRecord> runs, String project) {
        if (runs.stream().noneMatch(r -> r.project().equals(project) && r.running())) {
            return runs;
        }
        Map<String, ContainerState> containers = engine.containers(Map.of(Labels.PROJECT, project), true).stream()
                .collect(Collectors.toMap(ContainerState::name, Function.identity(), (a, b) -> a));
        return runs.stream().map(run -> {
            if (!run.project().equals(project) || !run.running()) {
                return run;
            }
            try {
                return settle(history, run, containers);
            } catch (RuntimeException e) {
                warnings.accept("cannot settle run " + run.id() + " in the history: " + e.getMessage());
                return run;
            }
        }).toList();
    }

    /** The containers of {@code project}'s jobs that {@code runs} have as still running. */
    public static Set<String> running(List<RunRecord> runs, String project) {
        return runs.stream().filter(r -> r.project().equals(project)).flatMap(r -> r.jobs().stream())
                .filter(JobRecord::running).map(JobRecord::container).collect(Collectors.toSet());
    }

    /** The run with its ended jobs settled, written back when any was. */
    private RunRecord settle(RunHistory history, RunRecord run, Map<String, ContainerState> containers) {
        var jobs = new ArrayList<JobRecord>();
        var events = new ArrayList<>(run.events());
        String endedAt = run.endedAt();
        boolean changed = false;
        for (JobRecord job : run.jobs()) {
            ContainerState listed = job.running() ? containers.get(job.container()) : null;
            if (!job.running()) {
                jobs.add(job);
            } else if (listed == null) {
                jobs.add(job.withState(JobState.LOST));
                changed = true;
            } else {
                ContainerState state = engine.inspect(listed.id());
                if (state.isRunning()) {
                    jobs.add(job);
                    continue;
                }
                jobs.add(ended(history, run, job, state));
                String finished = state.finishedAt().orElse(Instant.now()).toString();
                events.add(new RunRecord.Event(finished, state.name(), job.service(),
                        state.exitCode() == 0 ? "Exited" : "Failed"));
                endedAt = endedAt == null || finished.compareTo(endedAt) > 0 ? finished : endedAt;
                changed = true;
            }
        }
        if (!changed) {
            return run;
        }
        events.sort(Comparator.comparing(RunRecord.Event::at));
        RunRecord settled = run.withJobs(jobs).ended(endedAt, events);
        history.write(settled);
        return settled;
    }

    private JobRecord ended(RunHistory history, RunRecord run, JobRecord job, ContainerState state) {
        var artifacts = new JobArtifacts(engine, warnings, e -> warnings.accept("cannot save the log of "
                + state.name() + " in " + history.folder(run.id()) + ": " + e.getMessage()));
        var saved = artifacts.collect(state, job.service(), outputs(job), Optional.of(history.folder(run.id())));
        var attempts = new ArrayList<>(job.attempts());
        attempts.add(new RunRecord.Attempt(attempts.size() + 1, state.exitCode(), JobRecords.took(state), false));
        return job.with().state(JobState.ENDED).exitCode(state.exitCode()).succeeded(state.exitCode() == 0)
                .attempts(attempts).metrics(saved.metrics()).outputs(saved.outputs()).log(saved.log()).build();
    }

    /** The job's {@code x-mlcompose.outputs}, from its config as recorded (the Compose file may have changed since). */
    private static List<String> outputs(JobRecord job) {
        if (job.config().get("x-mlcompose") instanceof Map<?, ?> ml && ml.get("outputs") instanceof List<?> paths) {
            return paths.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
