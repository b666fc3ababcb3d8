package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * {@code mlcompose train}: the jobs run to completion with the same dependency engine as {@code up}; while
 * they run, their output is followed as an attached {@code up} follows it (again after each retry) and their
 * memory use is sampled for the report.
 */
final class Training {

    private final Engine engine;

    Training(Engine engine) {
        this.engine = engine;
    }

    /** Waits for the jobs of {@code services} in a project already brought up; reports each. */
    List<JobReport> run(ProjectRun run, String project, Collection<String> services, BiConsumer<String, String> sink) {
        var jobs = new LinkedHashMap<String, JobRun>();
        var serviceOf = new LinkedHashMap<String, String>();
        for (String service : services) {
            for (String id : run.containers().getOrDefault(service, List.of())) {
                jobs.put(id, run.job(id).orElseThrow(() -> new ServiceFailure(service, service + " is not a job: "
                        + "mark it with x-mlcompose: {role: train}, or see `mlcompose train --help` for the rule")));
                serviceOf.put(id, service);
            }
        }
        var running = new LinkedHashMap<String, JobRun>(jobs);
        running.values().removeIf(JobRun::skipped); // done before: nothing to follow
        var peaks = new LinkedHashMap<String, MemoryPeak>();
        running.forEach((id, job) -> {
            var peak = new MemoryPeak(engine, id);
            job.onRetryStart(at -> peak.follow());
            peaks.put(id, peak);
        });
        var states = new LinkedHashMap<String, ContainerState>();
        jobs.keySet().forEach(id -> states.put(id, engine.inspect(id)));
        try {
            follow(project, running, states, sink);
        } finally {
            peaks.values().forEach(MemoryPeak::close);
        }
        var reports = new ArrayList<JobReport>();
        jobs.forEach((id, job) -> reports.add(report(serviceOf.get(id), id, job, states.get(id), peaks.get(id))));
        return reports;
    }

    /** The jobs' output from their current run's start on; ends when every job run has. */
    private void follow(String project, Map<String, JobRun> running, Map<String, ContainerState> states,
                        BiConsumer<String, String> sink) {
        Optional<Long> since = running.keySet().stream().map(id -> states.get(id).startedAt().orElse(Instant.now()))
                .min(Instant::compareTo).map(Instant::getEpochSecond);
        try {
            new Attach(engine).follow(project, List.copyOf(running.keySet()),
                    new LogOptions(true, Optional.empty(), since, Optional.empty(), false), sink, false,
                    Optional.empty(), running);
        } catch (CompletionException e) {
            // a job run that failed outright is reported with its job below
        }
    }

    private JobReport report(String service, String id, JobRun job, ContainerState started, MemoryPeak peak) {
        JobRun.Attempt last;
        try {
            last = job.completion().join();
        } catch (CompletionException e) {
            throw new ServiceFailure(service, service + " " + Startup.rootMessage(e));
        }
        if (job.skipped()) {
            return JobReport.of(service, started, List.of(), last, Optional.empty());
        }
        return JobReport.of(service, engine.inspect(id), job.attempts(), last, peak.peakBytes());
    }
}
