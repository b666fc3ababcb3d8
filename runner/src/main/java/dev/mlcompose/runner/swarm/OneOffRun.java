package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.plan.StackRequest;
import dev.mlcompose.runner.swarm.Cluster.Kind;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@code run SERVICE [COMMAND]} on a Swarm: the service's dependencies brought up and waited for as {@code up} does,
 * then a one-off copy of the service as a job of one task ({@code PROJECT_SERVICE_run_<hex>}, with the stack's
 * namespace, so that {@code down} finds it), without its published ports, as compose's {@code run} has none. Its
 * output is printed once it ended; its exit code is the command's.
 */
public final class OneOffRun {

    private final Cluster cluster;
    private final StackDeployer deployer;
    private final Duration deadline;

    public OneOffRun(Cluster cluster, StackDeployer deployer, Duration deadline) {
        this.cluster = cluster;
        this.deployer = deployer;
        this.deadline = deadline;
    }

    /**
     * Runs the one-off; {@code adjust} changes its spec (command, environment, user…); {@code remove}: the service
     * is removed after it ended ({@code --rm}). Its exit code.
     */
    public int run(Project project, StackSpec stack, String service, UnaryOperator<ObjectNode> adjust, boolean noDeps,
                   boolean remove, Consumer<String> output) {
        if (!noDeps && !ServiceGraph.of(project).dependencies(service).isEmpty()) {
            deployer.up(project, stack, StackRequest.oneOffOf(service));
        }
        ObjectNode spec = adjust.apply(oneOff(stack.services().get(service)));
        String id = cluster.create(Kind.SERVICE, spec);
        try {
            Verdict verdict = awaitEnd(id);
            cluster.logs(id, false, Optional.empty(), output);
            if (verdict instanceof Verdict.Failed failed) {
                if (failed.exitCode() < 0) {
                    throw new StackFailed("service " + service + ": " + failed.reason());
                }
                return failed.exitCode();
            }
            return 0;
        } finally {
            if (remove) {
                cluster.remove(Kind.SERVICE, id);
            }
        }
    }

    /** The service's spec as a one-task job that Swarm never restarts, under a name of its own. */
    private static ObjectNode oneOff(StackSpec.ServiceSpec service) {
        var spec = service.spec().deepCopy();
        spec.put("Name", service.name() + "_run_" + UUID.randomUUID().toString().substring(0, 6));
        ((ObjectNode) spec.get("Labels")).remove(StackNames.SPEC_HASH);
        spec.set("Mode", spec.objectNode().set("ReplicatedJob",
                spec.objectNode().put("MaxConcurrent", 1).put("TotalCompletions", 1)));
        ((ObjectNode) spec.get("TaskTemplate")).set("RestartPolicy", spec.objectNode().put("Condition", "none"));
        ((ObjectNode) spec.get("EndpointSpec")).remove("Ports");
        return spec;
    }

    private Verdict awaitEnd(String id) {
        Instant end = Instant.now().plus(deadline);
        while (true) {
            var verdict = TaskConditions.of(Condition.COMPLETED_SUCCESSFULLY, cluster.tasks(id), Optional.empty(), 1);
            if (!(verdict instanceof Verdict.Waiting waiting)) {
                return verdict;
            }
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("the one-off did not end within " + deadline.toSeconds() + "s (its task is "
                        + waiting.state() + ")");
            }
            Pause.of(StackDeployer.POLL);
        }
    }
}
