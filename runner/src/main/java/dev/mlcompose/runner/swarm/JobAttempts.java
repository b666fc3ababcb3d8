package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.MlSettings;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A job on the cluster, with mlcompose's retries ({@code x-mlcompose.retry}) rather than Swarm's restarts: a failed
 * attempt whose exit code the policy retries is run again, after the policy's backoff, by forcing an update of the
 * job's service, which starts a new run of it (a new job iteration; only its tasks count). An attempt that the
 * Swarm itself lost, with no exit code of the job's (its node went down, or the dispatcher rejected its task), is
 * not the job's failure: it is run again even without a policy, up to {@link #LOST_ATTEMPTS} attempts in all. An
 * attempt past its {@code x-mlcompose.deadline} is a failed one, run again while the policy has attempts left.
 */
final class JobAttempts {

    private static final MlSettings.Retry ONCE = new MlSettings.Retry(1, Duration.ofSeconds(1), 1, Duration.ofSeconds(1),
            Set.of());

    /** How many attempts a job gets when the Swarm loses them, whatever its policy. */
    static final int LOST_ATTEMPTS = 2;

    private final Cluster cluster;
    private final Consumer<String> progress;

    JobAttempts(Cluster cluster, Consumer<String> progress) {
        this.cluster = cluster;
        this.progress = progress;
    }

    /**
     * Runs {@code attempt} (a wait for the job's current run) until it succeeds or the policy gives up;
     * {@code beforeRerun} waits until a new run can be placed (its GPUs free).
     */
    Verdict run(String service, String id, MlSettings ml, Runnable beforeRerun, Supplier<Verdict> attempt) {
        var number = new AtomicInteger();
        MlSettings.Retry policy = ml.retry().orElse(ONCE);
        int attempts = Math.max(policy.attempts(), LOST_ATTEMPTS);
        var lost = new AtomicInteger();
        var config = RetryConfig.<Verdict>custom().maxAttempts(attempts)
                .intervalFunction(IntervalFunction.ofExponentialBackoff(policy.initialBackoff(), policy.multiplier(),
                        policy.maxBackoff()))
                .retryOnResult(v -> v instanceof Verdict.Failed f && runAgain(f, number.get(), policy, lost))
                .retryOnException(e -> false).failAfterMaxAttempts(false).build();
        var retry = Retry.of(service, config);
        var failure = new AtomicReference<String>("");
        retry.getEventPublisher().onRetry(e -> progress.accept("Service " + service + "  Retrying: attempt "
                + number.get() + "/" + attempts + " failed (" + failure.get() + "); attempt "
                + (number.get() + 1) + " in " + e.getWaitInterval().toMillis() / 1000.0 + "s"));
        Verdict last = Retry.decorateSupplier(retry, () -> {
            if (number.incrementAndGet() > 1) {
                beforeRerun.run();
                rerun(cluster, id);
            }
            Verdict verdict = attempt.get();
            if (verdict instanceof Verdict.Failed f) {
                failure.set(f.reason());
            }
            return verdict;
        }).get();
        if (last instanceof Verdict.Failed f && number.get() > 1) {
            return new Verdict.Failed(f.reason() + ", after " + number.get() + " attempts", f.exitCode(), f.cause());
        }
        return last;
    }

    /**
     * Whether a failed attempt, the {@code number}th, is run again: one the Swarm lost while {@link #LOST_ATTEMPTS}
     * allow, else as the policy says; one past its deadline whatever its exit code, as on one engine.
     */
    private static boolean runAgain(Verdict.Failed failed, int number, MlSettings.Retry policy, AtomicInteger lost) {
        boolean attemptsLeft = number < policy.attempts();
        return switch (failed.cause()) {
            case LOST -> lost.incrementAndGet() < LOST_ATTEMPTS || attemptsLeft;
            case TIMED_OUT -> attemptsLeft;
            case FAILED -> attemptsLeft && policy.retries(failed.exitCode());
        };
    }

    /**
     * A new run of the job: the same spec, with {@code ForceUpdate} counted up. The tasks of the run before that
     * have not ended are stopped by the Swarm (desired state {@code remove}).
     */
    static void rerun(Cluster cluster, String id) {
        var service = cluster.service(id);
        var spec = (ObjectNode) service.path("Spec").deepCopy();
        var task = (ObjectNode) spec.path("TaskTemplate");
        task.put("ForceUpdate", task.path("ForceUpdate").asLong(0) + 1);
        cluster.update(id, service.path("Version").path("Index").asLong(), spec);
    }
}
