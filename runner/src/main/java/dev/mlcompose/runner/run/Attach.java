package dev.mlcompose.runner.run;

import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.engine.LogOptions;
import dev.mlcompose.runner.engine.LogStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * An attached {@code up}: follows every container's output until they have all exited, or until the
 * first one exits when {@code abortOnExit}. Returns the exit code compose would: that of
 * {@code exitCodeFrom}'s container when given, else 0. With an {@code until} time ({@code logs -f --until})
 * following also ends then: the engine closes each stream at that time, but the containers go on running.
 */
final class Attach {

    /** Lines that reach the engine just before {@code until} may still be on their way when it passes. */
    private static final Duration UNTIL_GRACE = Duration.ofSeconds(1);

    private final Engine engine;

    Attach(Engine engine) {
        this.engine = engine;
    }

    int follow(String project, List<String> containerIds, BiConsumer<String, String> sink, boolean abortOnExit,
               Optional<String> exitCodeFrom) {
        return follow(project, containerIds, LogOptions.following(), sink, abortOnExit, exitCodeFrom, Map.of());
    }

    int follow(String project, List<String> containerIds, LogOptions options, BiConsumer<String, String> sink,
               boolean abortOnExit, Optional<String> exitCodeFrom) {
        return follow(project, containerIds, options, sink, abortOnExit, exitCodeFrom, Map.of());
    }

    /**
     * As above; a container in {@code jobs} ends when its job run does (after its retries), and its output is
     * followed again from each retry's start.
     */
    int follow(String project, List<String> containerIds, LogOptions options, BiConsumer<String, String> sink,
               boolean abortOnExit, Optional<String> exitCodeFrom, Map<String, JobRun> jobs) {
        return follow(project, containerIds, options, sink, abortOnExit, false, exitCodeFrom, jobs);
    }

    /** As above; with {@code abortOnFailure} the first exit with a code other than 0 ends it, with that code. */
    int follow(String project, List<String> containerIds, LogOptions options, BiConsumer<String, String> sink,
               boolean abortOnExit, boolean abortOnFailure, Optional<String> exitCodeFrom, Map<String, JobRun> jobs) {
        var followed = new CopyOnWriteArrayList<Followed>();
        var exits = new ArrayList<CompletableFuture<ContainerState>>();
        try (var watch = new ContainerWatch(engine, project)) {
            for (String id : containerIds) {
                JobRun job = jobs.get(id);
                CompletableFuture<ContainerState> exit = job != null
                        ? job.completion().thenApply(last -> engine.inspect(id))
                        : watch.await(id, Duration.ofDays(365), Conditions.ended(), s -> "still running");
                exits.add(exit);
                if (job != null && job.skipped()) {
                    continue; // its output is from an earlier run, and the progress already said that it was skipped
                }
                String name = LogNames.of(engine.inspect(id));
                followed.add(new Followed(engine.logs(id, options, line -> sink.accept(name, line.text())), exit));
                if (job != null) {
                    job.onRetryStart(at -> followed.add(new Followed(engine.logs(id, new LogOptions(true,
                            Optional.empty(), Optional.of(at.getEpochSecond()), options.until(), options.timestamps()),
                            line -> sink.accept(name, line.text())), exit)));
                }
            }
            var failed = new CompletableFuture<ContainerState>();
            exits.forEach(exit -> exit.thenAccept(st -> {
                if (st.exitCode() != 0) {
                    failed.complete(st);
                }
            }));
            CompletableFuture<?> all = CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
            CompletableFuture<?> ended = abortOnFailure ? CompletableFuture.anyOf(failed, all)
                    : abortOnExit || exitCodeFrom.isPresent()
                    ? CompletableFuture.anyOf(exits.toArray(CompletableFuture[]::new)) : all;
            if (options.until().isPresent()) {
                ended = CompletableFuture.anyOf(ended, untilPassed(options.until().get()));
            }
            ended.join();
            return exitCodeFrom.map(service -> exits.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join)
                    .filter(s -> s.label(Labels.SERVICE).equals(service)).mapToInt(ContainerState::exitCode)
                    .findFirst().orElse(0)).orElse(abortOnFailure && failed.isDone() ? failed.join().exitCode() : 0);
        } finally {
            // the stopped containers' last lines are still on their way: let the engine end each stream
            followed.stream().filter(f -> f.exit().isDone()).forEach(f -> f.stream().awaitEnd(Duration.ofSeconds(2)));
            followed.forEach(f -> EngineStreams.close(f.stream()));
        }
    }

    /** One followed output stream and the end of the container (or job) it belongs to. */
    private record Followed(LogStream stream, CompletableFuture<ContainerState> exit) {
    }

    private static CompletableFuture<Void> untilPassed(long untilEpochSecond) {
        long millis = Math.max(0, untilEpochSecond * 1000 - System.currentTimeMillis()) + UNTIL_GRACE.toMillis();
        return CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
    }

}
