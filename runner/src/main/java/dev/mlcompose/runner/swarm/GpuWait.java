package dev.mlcompose.runner.swarm;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** Waits, before a service that reserves GPUs is made, until a node has them free ({@link GpuCapacity}). */
final class GpuWait {

    /** How often a wait for free GPUs counts them again (a list of every task: less often than a task poll). */
    static final Duration GPU_POLL = Duration.ofSeconds(1);

    private final Cluster cluster;
    private final Consumer<String> progress;
    private final Duration deadline;
    private final boolean waitForGpus;

    GpuWait(Cluster cluster, Consumer<String> progress, Duration deadline, boolean waitForGpus) {
        this.cluster = cluster;
        this.progress = progress;
        this.deadline = deadline;
        this.waitForGpus = waitForGpus;
    }

    /**
     * Before a service that reserves GPUs is made, a node must have them free (see {@link GpuCapacity} for why):
     * with {@code --gpu-policy wait}, until one has; otherwise a failure at once.
     */
    void await(StackSpec.ServiceSpec spec) {
        long wanted = GpuCapacity.reserved(spec.spec());
        if (wanted == 0) {
            return;
        }
        Instant end = Instant.now().plus(deadline);
        boolean said = false;
        for (long free = GpuCapacity.mostFree(cluster.nodes(), cluster.allTasks()); free < wanted;
             free = GpuCapacity.mostFree(cluster.nodes(), cluster.allTasks())) {
            if (!waitForGpus) {
                throw new StackFailed("service " + spec.service() + ": no node has its " + wanted + " GPU"
                        + (wanted == 1 ? "" : "s") + " free (the most free on one node: " + free + "); --gpu-policy"
                        + " wait waits until other tasks release them");
            }
            if (!said) {
                progress.accept("Service " + spec.name() + "  Waiting for " + wanted + " free GPU" + (wanted == 1 ? "" : "s"));
                said = true;
            }
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("service " + spec.service() + ": no node had its GPUs free within "
                        + deadline.toSeconds() + "s");
            }
            Pause.of(GPU_POLL);
        }
    }
}
