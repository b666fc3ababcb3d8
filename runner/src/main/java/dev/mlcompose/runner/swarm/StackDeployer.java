package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.StackPlanner;
import dev.mlcompose.runner.plan.StackRequest;
import dev.mlcompose.runner.plan.StackState;
import dev.mlcompose.runner.swarm.Cluster.Kind;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.Project;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Brings a {@link StackSpec} up on a Swarm ({@link StackTeardown} takes it down): the stack read once
 * ({@link StackState}), planned by {@link StackPlanner}, and the plan's steps carried out in order. Unlike {@code
 * docker stack deploy}, a service is made only once its dependencies' {@code depends_on} conditions hold, read from
 * their tasks ({@link ConditionWaits}). A service whose spec hash is unchanged is left as it is: a second {@code up}
 * touches nothing.
 */
public final class StackDeployer {

    static final Duration POLL = Duration.ofMillis(200);

    private final Cluster cluster;
    private final Consumer<String> progress;

    private final boolean waitForGpus;
    private final GpuWait gpus;
    private final ConditionWaits waits;

    /**
     * {@code deadline}: how long one wait for a condition may take; {@code waitForGpus}: whether a task that waits
     * for GPUs held by others is waited for ({@code --gpu-policy wait}) rather than a failure.
     */
    public StackDeployer(Cluster cluster, Consumer<String> progress, Duration deadline, boolean waitForGpus) {
        this.cluster = cluster;
        this.progress = progress;
        this.waitForGpus = waitForGpus;
        this.gpus = new GpuWait(cluster, progress, deadline, waitForGpus);
        this.waits = new ConditionWaits(cluster, progress, deadline, waitForGpus, gpus);
    }

    /** A stack's plan, and the state it was made from, which its execution needs (the IDs it names). */
    public record Planned(Plan plan, StackState observed) {
    }

    /** What {@link #execute} does, decided on the cluster as it is now; nothing is changed ({@code --dry-run}). */
    public Planned plan(Project project, StackSpec stack, StackRequest request) {
        SwarmPreflight.check(cluster, stack);
        StackState observed = observe(stack);
        return new Planned(StackPlanner.plan(project, stack.target(), observed, request), observed);
    }

    /** Makes what is missing and updates what changed, in dependency order, as the plan says. */
    public void execute(Project project, StackSpec stack, Planned planned) {
        if (!waitForGpus) { // refused before anything is made, when the first one to make cannot be placed
            planned.plan().steps().stream().map(s -> deploying(stack, s.operation())).flatMap(Optional::stream)
                    .filter(spec -> GpuCapacity.reserved(spec.spec()) > 0).findFirst().ifPresent(gpus::await);
        }
        new StackExecution(cluster, progress, gpus, waits, project, stack, planned.observed()).run(planned.plan());
    }

    /** {@link #plan} and {@link #execute}, its warnings left unsaid (a one-off's dependencies, the tests). */
    public void up(Project project, StackSpec stack, StackRequest request) {
        execute(project, stack, plan(project, stack, request));
    }

    /** The stack as it is on the cluster: its services (a job's last run read from its tasks) and objects. */
    private StackState observe(StackSpec stack) {
        String ns = stack.project();
        var jobs = new HashMap<String, StackSpec.ServiceSpec>();
        stack.services().values().stream().filter(StackSpec.ServiceSpec::job).forEach(s -> jobs.put(s.name(), s));
        var services = new HashMap<String, StackState.Deployed>();
        cluster.list(Kind.SERVICE, ns).forEach(s -> {
            String name = s.path("Spec").path("Name").asText();
            String hash = s.path("Spec").path("Labels").path(StackNames.SPEC_HASH).asText();
            var job = Optional.ofNullable(jobs.get(name)).filter(j -> j.hash().equals(hash)); // else not asked
            services.put(name, new StackState.Deployed(s.path("ID").asText(), s.path("Version").path("Index").asLong(),
                    hash, job.map(j -> lastRun(s, j)).orElse(StackState.LastRun.NONE)));
        });
        var networks = cluster.list(Kind.NETWORK, ns).stream().map(n -> n.path("Name").asText())
                .collect(Collectors.toSet());
        return new StackState(services, networks, ids(Kind.SECRET, ns), ids(Kind.CONFIG, ns));
    }

    /** How an unchanged job's current run ended, from its tasks. */
    private StackState.LastRun lastRun(JsonNode service, StackSpec.ServiceSpec job) {
        Verdict last = TaskConditions.of(Condition.COMPLETED_SUCCESSFULLY, cluster.tasks(service.path("ID").asText()),
                TaskConditions.iteration(service), job.completions());
        return last instanceof Verdict.Met ? StackState.LastRun.COMPLETED
                : last instanceof Verdict.Failed ? StackState.LastRun.FAILED : StackState.LastRun.UNFINISHED;
    }

    private Map<String, String> ids(Kind kind, String ns) {
        var ids = new HashMap<String, String>();
        cluster.list(kind, ns).forEach(o -> ids.put(o.path("Spec").path("Name").asText(), o.path("ID").asText()));
        return ids;
    }

    /** The spec of the service a step makes or updates, when it does. */
    private static Optional<StackSpec.ServiceSpec> deploying(StackSpec stack, Operation operation) {
        return operation instanceof Operation.CreateService || operation instanceof Operation.UpdateService
                ? Optional.of(stack.services().get(operation.service())) : Optional.empty();
    }
}
