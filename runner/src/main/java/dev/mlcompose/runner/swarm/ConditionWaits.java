package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.history.Durations;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.MlSettings;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Waits for {@code depends_on} conditions on a Swarm: the engine sends no task events, so a wait polls the tasks of
 * the one service waited for, every {@link StackDeployer#POLL}, never the whole cluster. A job's wait is its
 * attempts ({@link JobAttempts}); it also asks now and then whether its task's node is still up.
 */
final class ConditionWaits {

    /** Every how many polls a job's wait asks whether its task's node is still up (the node list: one more call). */
    static final int NODE_CHECK = 10;

    private final Cluster cluster;
    private final Consumer<String> progress;
    private final Duration deadline;
    private final boolean waitForGpus;
    private final GpuWait gpus;
    /** Each job's outcome once known: a job two services wait for runs (and is retried) once. */
    private final Map<String, Verdict> jobs = new HashMap<>();

    ConditionWaits(Cluster cluster, Consumer<String> progress, Duration deadline, boolean waitForGpus, GpuWait gpus) {
        this.cluster = cluster;
        this.progress = progress;
        this.deadline = deadline;
        this.waitForGpus = waitForGpus;
        this.gpus = gpus;
    }

    /**
     * Waits until {@code condition} holds for the service; a job is retried as its policy says. A failed job or an
     * unhealthy service ends the run, with the last lines of its output.
     */
    void await(StackSpec.ServiceSpec spec, String id, Condition condition, Project project) {
        MlSettings ml = project.services().get(spec.service()).ml();
        Verdict verdict = spec.job() && condition == Condition.COMPLETED_SUCCESSFULLY
                ? jobs.computeIfAbsent(id, i -> new JobAttempts(cluster, progress).run(spec.service(), id, ml,
                        () -> gpus.await(spec), () -> poll(spec, id, condition, ml.deadline())))
                : poll(spec, id, condition, Optional.empty());
        if (verdict instanceof Verdict.Failed failed) {
            var logs = cluster.logs(id, 10);
            String reason = failed.reason();
            if (failed.cause() == Verdict.Cause.TIMED_OUT) { // a job's task cannot be stopped but with its service
                cluster.remove(Cluster.Kind.SERVICE, id);
                reason += "; its service was removed, which stops its task";
            }
            throw new StackFailed("service " + spec.service() + ": " + reason
                    + (logs.isEmpty() ? "" : "\n" + String.join("\n", logs)));
        }
    }

    /**
     * Polls the service's tasks until the condition holds or fails; the wait's deadline passed is a failure too,
     * and so is a job's {@code attemptDeadline} passed since its task began to run.
     */
    private Verdict poll(StackSpec.ServiceSpec spec, String id, Condition condition, Optional<Duration> attemptDeadline) {
        Instant end = Instant.now().plus(attemptDeadline.map(d -> d.plus(deadline)).orElse(deadline));
        int completions = spec.completions();
        int polls = 0;
        Instant running = null;
        while (true) {
            Optional<Long> iteration = spec.job() ? TaskConditions.iteration(cluster.service(id)) : Optional.empty();
            var tasks = cluster.tasks(id);
            Verdict verdict = TaskConditions.of(condition, tasks, iteration, completions);
            if (!(verdict instanceof Verdict.Waiting waiting)) {
                return verdict;
            }
            if (attemptDeadline.isPresent()) {
                if (running == null && TaskConditions.running(tasks, iteration)) {
                    running = Instant.now();
                } else if (running != null && Instant.now().isAfter(running.plus(attemptDeadline.get()))) {
                    return new Verdict.Failed("exceeded its deadline of " + Durations.setting(attemptDeadline.get()), -1,
                            Verdict.Cause.TIMED_OUT);
                }
            }
            if (spec.job() && ++polls % NODE_CHECK == 0) {
                var lost = TaskConditions.onDownNode(tasks, iteration, cluster.nodes());
                if (lost.isPresent()) {
                    return new Verdict.Failed(lost.get(), -1, Verdict.Cause.LOST);
                }
            }
            var starved = TaskConditions.waitingForResources(tasks);
            if (starved.isPresent() && !waitForGpus && GpuReservations.reserves(spec.spec())) {
                return new Verdict.Failed("no node has its GPUs free (" + starved.get() + "); --gpu-policy wait"
                        + " waits until other tasks release them", -1, Verdict.Cause.FAILED);
            }
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("service " + spec.service() + ": was not " + condition + " within "
                        + deadline.toSeconds() + "s (its task is " + waiting.state() + ")");
            }
            Pause.of(StackDeployer.POLL);
        }
    }
}
