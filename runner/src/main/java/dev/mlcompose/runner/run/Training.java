package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.spec.ServiceFailure;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code mlcompose train}: the jobs run to completion with the same dependency engine as {@code up}; while
 * they run, their output is followed (again after each retry) and their memory use sampled for the report.
 */
final class Training {

    private final Engine engine;

    Training(Engine engine) {
        this.engine = engine;
    }

    /** Waits for the jobs of {@code services} in a project already brought up; reports each. */
    List<JobReport> run(ProjectRun run, Collection<String> services, BiConsumer<String, String> sink) {
        var reports = new ArrayList<CompletableFuture<JobReport>>();
        for (String service : services) {
            for (String id : run.containers().getOrDefault(service, List.of())) {
                JobRun job = run.job(id).orElseThrow(() -> new ServiceFailure(service, service + " is not a job: "
                        + "mark it with x-mlcompose: {role: train}, or see `mlcompose train --help` for the rule"));
                reports.add(report(service, id, job, run.recorder(), sink));
            }
        }
        var out = new ArrayList<>(reports.stream().map(Background::join).toList());
        services.forEach(service -> run.recorder().reusedOf(service).forEach(r -> out.add(JobReport.reused(r,
                run.project().service(service).orElseThrow()))));
        return out;
    }

    private CompletableFuture<JobReport> report(String service, String id, JobRun job, RunRecorder recorder,
                                                BiConsumer<String, String> sink) {
        ContainerState state = engine.inspect(id);
        if (job.skipped()) {
            return job.completion().thenCompose(last -> recorder.recorded(id).thenApply(record ->
                    JobReport.of(service, state, List.of(), last, Optional.empty(), record.metrics())));
        }
        var usage = new MemoryPeak(engine, id);
        var output = new Output(id, LogNames.of(state), sink);
        output.follow(state.startedAt().orElse(Instant.now()));
        job.onRetryStart(at -> {
            usage.follow();
            output.follow(at);
        });
        // a fast job may have been restarted before the listener was in place: follow its current attempt
        job.lastRetryStart().filter(at -> state.startedAt().map(at::isAfter).orElse(true)).ifPresent(at -> {
            usage.follow();
            output.follow(at);
        });
        return job.completion().handle((last, error) -> {
            usage.close();
            output.drain();
            if (error != null) {
                throw new ServiceFailure(service, service + " " + DependencyWaits.rootMessage(error));
            }
            return last;
        }).thenCompose(last -> recorder.withPeakMemory(id, usage.peakBytes()).thenApply(record ->
                JobReport.of(service, engine.inspect(id), job.attempts(), last, usage.peakBytes(), record.metrics())));
    }

    /** A container's output from a point in time on; following again replaces the previous stream. */
    private final class Output implements Closeable {
        private final String id;
        private final String name;
        private final BiConsumer<String, String> sink;
        private dev.mlcompose.runner.engine.LogStream stream;

        Output(String id, String name, BiConsumer<String, String> sink) {
            this.id = id;
            this.name = name;
            this.sink = sink;
        }

        synchronized void follow(Instant since) {
            close();
            var options = new LogOptions(true, Optional.empty(), Optional.of(since.getEpochSecond()), Optional.empty(),
                    false);
            stream = engine.logs(id, options, line -> sink.accept(name, line.text()));
        }

        /** Lets the engine deliver the stopped container's last lines, then closes. */
        void drain() {
            dev.mlcompose.runner.engine.LogStream current;
            synchronized (this) {
                current = stream;
            }
            if (current != null) {
                current.awaitEnd(Duration.ofSeconds(5));
            }
            close();
        }

        @Override
        public synchronized void close() {
            if (stream != null) {
                EngineStreams.close(stream);
                stream = null;
            }
        }
    }
}
