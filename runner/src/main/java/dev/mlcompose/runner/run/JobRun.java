package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.Durations;
import dev.mlcompose.runner.run.ProgressEvent.Status;
import dev.mlcompose.schema.model.MlSettings;
import dev.mlcompose.schema.model.Service;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One job container run to completion. An attempt ends when the container exits, or at the job's
 * {@code x-mlcompose.deadline}, when it is killed and counts as failed. Failed attempts are retried as
 * {@code x-mlcompose.retry} says (Resilience4j, exponential backoff): the same container is started again,
 * so its logs and volumes carry over. Without a retry policy there is one attempt.
 */
final class JobRun {

    /** How an attempt ended. */
    record Attempt(Service service, int number, int of, ContainerState state, boolean timedOut, Duration took) {
        boolean succeeded() {
            return !timedOut && state.exitCode() == 0;
        }

        String cause() {
            return timedOut ? "exceeded its deadline of " + Durations.setting(service.ml().deadline().orElseThrow()) + " and was killed"
                    : Conditions.exitCause(service, state);
        }
    }

    private final Engine engine;
    private final ContainerWatch watch;
    private final ScheduledExecutorService scheduler;
    private final ProgressListener progress;
    private final List<Consumer<Instant>> attemptStarts = new CopyOnWriteArrayList<>();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Attempt> done = new CompletableFuture<>();
    private boolean skipped;
    private volatile Instant lastRetryStart;

    private JobRun(Engine engine, ContainerWatch watch, ScheduledExecutorService scheduler, ProgressListener progress) {
        this.engine = engine;
        this.watch = watch;
        this.scheduler = scheduler;
        this.progress = progress;
    }

    /** Starts following a job whose container {@code id} has just been started. */
    static JobRun follow(Engine engine, ContainerWatch watch, ScheduledExecutorService scheduler,
                        ProgressListener progress, Service service, String id, String name, Duration waitLimit,
                        BooleanSupplier cancelled) {
        var run = new JobRun(engine, watch, scheduler, progress);
        run.begin(service, id, name, waitLimit, cancelled);
        return run;
    }

    /** A job that was skipped: its previous identical run succeeded. */
    static JobRun finished(Service service, ContainerState state, Engine engine, ProgressListener progress) {
        var run = new JobRun(engine, null, null, progress);
        var attempt = new Attempt(service, 0, 0, state, false, Duration.ZERO);
        run.skipped = true;
        run.done.complete(attempt);
        return run;
    }

    /** Completes with the last attempt when the job has succeeded or has no attempts left. */
    CompletableFuture<Attempt> completion() {
        return done;
    }

    /** Whether the job did not run because a previous identical run succeeded. */
    boolean skipped() {
        return skipped;
    }

    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Called with each retry's start time (not the first attempt's), e.g. to follow its logs again. */
    void onRetryStart(Consumer<Instant> listener) {
        attemptStarts.add(listener);
    }

    /** When the latest retry started; empty before the first retry. For listeners that came late. */
    Optional<Instant> lastRetryStart() {
        return Optional.ofNullable(lastRetryStart);
    }

    /** {@code cancelled}: the user interrupted the run; an attempt that ends then is not retried. */
    private void begin(Service service, String id, String name, Duration waitLimit,
                       BooleanSupplier cancelled) {
        MlSettings ml = service.ml();
        MlSettings.Retry policy = ml.retry().orElse(new MlSettings.Retry(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
                Set.of()));
        RetryConfig config = RetryConfig.<Attempt>custom()
                .maxAttempts(policy.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.maxBackoff()))
                .retryOnResult(a -> !cancelled.getAsBoolean() && (a.timedOut() || policy.retries(a.state().exitCode())))
                .retryOnException(e -> false) // engine failures are final here; they were retried below
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of(name, config);
        retry.getEventPublisher().onRetry(e -> {
            Attempt last = attempts.get(attempts.size() - 1);
            progress.on(ProgressEvent.container(name, Status.RETRYING, "attempt " + last.number() + "/" + policy.attempts() + " failed: "
                    + last.cause() + "; attempt " + (last.number() + 1) + " in " + Durations.setting(e.getWaitInterval())));
        });
        var counter = new AtomicInteger();
        Duration deadline = ml.deadline().orElse(waitLimit);
        Supplier<CompletionStage<Attempt>> once = () -> {
            int number = counter.incrementAndGet();
            if (number > 1) {
                // taken before the start: a fast attempt writes its first lines before the start call returns, and
                // a follower reading from a later instant would miss them
                Instant now = Instant.now();
                engine.start(id);
                lastRetryStart = now;
                attemptStarts.forEach(l -> l.accept(now));
            }
            return attempt(service, id, number, policy.attempts(), deadline, ml.deadline().isPresent());
        };
        Retry.decorateCompletionStage(retry, scheduler, once).get().whenComplete((attempt, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            } else {
                done.complete(attempt);
            }
        });
    }

    private CompletionStage<Attempt> attempt(Service service, String id, int number, int of, Duration deadline, boolean killAtDeadline) {
        long start = System.nanoTime();
        var timedOut = new AtomicBoolean();
        ScheduledFuture<?> kill = killAtDeadline ? scheduler.schedule(() -> {
            timedOut.set(true);
            engine.kill(id, "SIGKILL");
        }, deadline.toMillis(), TimeUnit.MILLISECONDS) : null;
        return watch.await(id, killAtDeadline ? deadline.plusMinutes(1) : deadline,
                        Conditions.endedAfterStart(),
                        s -> "did not complete within " + deadline.toSeconds() + "s: " + Conditions.describe(s))
                .thenApply(state -> {
                    if (kill != null) {
                        kill.cancel(false);
                    }
                    var attempt = new Attempt(service, number, of, state, timedOut.get(), Duration.ofNanos(System.nanoTime() - start));
                    attempts.add(attempt);
                    return attempt;
                });
    }

}
