package dev.mlcompose.runner.history;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded invocation ({@code train}, {@code up}, {@code run}) that ran jobs, as {@code run.json} holds it: its
 * jobs (a sweep's cells one each), the project's dependencies (for the picture) and what happened when (for the
 * timeline). Times are ISO-8601 instants; {@code endedAt} is null while the run goes on or when it was cut off.
 */
public record RunRecord(String id, String project, String command, String startedAt, String endedAt,
                        Map<String, List<String>> dependsOn, List<JobRecord> jobs, List<Event> events) {

    public RunRecord {
        dependsOn = Map.copyOf(dependsOn);
        jobs = List.copyOf(jobs);
        events = List.copyOf(events);
    }

    /**
     * One job (or cell) of the run: what identifies the work (config hash, image ID, inputs' content key,
     * parameters), how it went, and where its log and outputs are, relative to the run's folder.
     *
     * @param reusedFrom the run whose identical success this one skipped to; null when it ran
     * @param workHash   the config hash without the project's folder in its paths ({@code ConfigHash.portable}),
     *                   which the skip cache compares, so that a clone elsewhere matches; null in older records
     * @param config     the service as {@code config --format json} prints it, for {@code runs diff}
     * @param state      whether its end is known: a job that still ran when its command returned ({@code up -d},
     *                   {@code run -d}) is settled from its container later (see {@code PendingJobs})
     * @param oneOff     a {@code mlcompose run} container: recorded, but never what the skip cache reuses
     */
    @RecordBuilder
    public record JobRecord(String service, Map<String, String> cell, String container, String configHash,
                            String workHash, String imageId, String inputsKey, boolean succeeded, boolean skipped, String reusedFrom,
                            int exitCode, List<Attempt> attempts, String gpus, Long peakMemoryBytes,
                            Map<String, Double> metrics, String outputs, String log, Map<String, Object> config,
                            JobState state, boolean oneOff) implements RunRecordJobRecordBuilder.With {
        public JobRecord {
            config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
            cell = cell == null ? Map.of() : Map.copyOf(cell);
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
            metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            state = state == null ? JobState.ENDED : state; // files written before the state was recorded
        }

        /** {@code service} or {@code service[LR=0.001 SEED=0]}: how a job is named in listings and diffs. */
        public String name() {
            if (cell.isEmpty()) {
                return service;
            }
            var parts = new ArrayList<String>();
            new java.util.TreeMap<>(cell).forEach((k, v) -> parts.add(k + "=" + v));
            return service + "[" + String.join(" ", parts) + "]";
        }

        /** Still running when last looked at: neither success nor failure yet. */
        public boolean running() {
            return state == JobState.RUNNING;
        }

        /** How it went, in a word: succeeded, skipped, failed, running or lost. */
        public String result() {
            return switch (state) {
                case RUNNING -> "running";
                case LOST -> "lost";
                case ENDED -> skipped ? "skipped" : succeeded ? "succeeded" : "failed";
            };
        }
    }

    /** Whether a job's end is known. */
    public enum JobState {
        /** It ended, and the record says how. */
        ENDED,
        /** It still ran when its command returned; the next command that reads the engine settles it. */
        RUNNING,
        /** It still ran when its command returned, and its container was gone before its end was read. */
        LOST
    }

    /** One attempt of a job: its exit code and running time; {@code timedOut} when its deadline killed it. */
    public record Attempt(int number, int exitCode, double seconds, boolean timedOut) {
    }

    /** A container reaching a state (Created, Started, Healthy, Exited…), for the timeline. */
    public record Event(String at, String container, String service, String status) {
    }

    public RunRecord withJobs(List<JobRecord> newJobs) {
        return new RunRecord(id, project, command, startedAt, endedAt, dependsOn, newJobs, events);
    }

    public RunRecord ended(String at, List<Event> allEvents) {
        return new RunRecord(id, project, command, startedAt, at, dependsOn, jobs, allEvents);
    }

    public boolean succeeded() {
        return jobs.stream().allMatch(JobRecord::succeeded);
    }

    /** Some of its jobs still ran when last looked at. */
    public boolean running() {
        return jobs.stream().anyMatch(JobRecord::running);
    }

    /** How it went, in a word or two: running, succeeded, or how many of its jobs failed. */
    public String result() {
        if (running()) {
            return "running";
        }
        long failed = jobs.stream().filter(j -> !j.succeeded()).count();
        return failed == 0 ? "succeeded" : failed + " failed";
    }
}
