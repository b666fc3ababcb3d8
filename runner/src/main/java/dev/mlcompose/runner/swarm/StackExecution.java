package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.plan.Condition;
import dev.mlcompose.runner.plan.Operation;
import dev.mlcompose.runner.plan.Plan;
import dev.mlcompose.runner.plan.StackState;
import dev.mlcompose.schema.model.Project;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One stack plan carried out on the cluster, step after step in the plan's order (each step comes after those it
 * names). It decides nothing: the step says what to do, {@link ConditionWaits} how a condition is read from tasks.
 */
final class StackExecution {

    private final Cluster cluster;
    private final Consumer<String> progress;
    private final GpuWait gpus;
    private final ConditionWaits waits;
    private final Project project;
    private final StackSpec stack;
    private final StackState observed;
    /** Each service's ID once made or found, by Compose name. */
    private final Map<String, String> services = new HashMap<>();
    /** The secrets and configs this plan made: their IDs, by name. */
    private final Map<String, String> made = new HashMap<>();

    StackExecution(Cluster cluster, Consumer<String> progress, GpuWait gpus, ConditionWaits waits, Project project,
                   StackSpec stack, StackState observed) {
        this.cluster = cluster;
        this.progress = progress;
        this.gpus = gpus;
        this.waits = waits;
        this.project = project;
        this.stack = stack;
        this.observed = observed;
    }

    void run(Plan plan) {
        plan.steps().forEach(step -> execute(step.operation()));
    }

    private void execute(Operation operation) {
        if (operation instanceof Operation.CreateNetwork op) {
            cluster.create(Cluster.Kind.NETWORK, stack.network(op.name()));
            progress.accept("Network " + op.name() + "  Created");
        } else if (operation instanceof Operation.CreateSecret op) {
            made.put(op.name(), cluster.create(Cluster.Kind.SECRET, file(stack.secrets(), op.name())));
            progress.accept("Secret " + op.name() + "  Created");
        } else if (operation instanceof Operation.CreateConfig op) {
            made.put(op.name(), cluster.create(Cluster.Kind.CONFIG, file(stack.configs(), op.name())));
            progress.accept("Config " + op.name() + "  Created");
        } else if (operation instanceof Operation.RemoveOrphanService op) {
            cluster.remove(Cluster.Kind.SERVICE, op.id());
            progress.accept("Service " + op.name() + "  Removed: no longer in the file");
        } else if (operation instanceof Operation.Await op) {
            waits.await(stack.services().get(op.dependency()), services.get(op.dependency()), op.condition(), project);
        } else if (operation instanceof Operation.CreateService op) {
            var spec = stack.services().get(op.service());
            gpus.await(spec);
            services.put(op.service(), cluster.create(Cluster.Kind.SERVICE, withIds(spec.spec())));
            progress.accept("Service " + op.name() + "  Created");
        } else if (operation instanceof Operation.UpdateService op) {
            var spec = stack.services().get(op.service());
            gpus.await(spec);
            services.put(op.service(), op.id());
            cluster.update(op.id(), op.version(), withIds(spec.spec()));
            progress.accept("Service " + op.name() + "  Updated");
        } else if (operation instanceof Operation.KeepService op) {
            services.put(op.service(), op.id());
            progress.accept("Service " + op.name() + "  Unchanged");
        } else if (operation instanceof Operation.SkipJob op) {
            services.put(op.service(), op.id());
            progress.accept("Service " + op.name() + "  Skipped: unchanged since its last run completed");
        } else if (operation instanceof Operation.RerunJob op) {
            services.put(op.service(), op.id());
            JobAttempts.rerun(cluster, op.id());
            progress.accept("Service " + op.name() + "  Rerun"
                    + (op.why() == Operation.RerunJob.Why.LAST_FAILED ? ": " + op.why() : ""));
        } else if (operation instanceof Operation.AwaitService op) {
            waits.await(stack.services().get(op.service()), services.get(op.service()), op.condition(), project);
            progress.accept("Service " + op.name() + "  "
                    + (op.condition() == Condition.COMPLETED_SUCCESSFULLY ? "Completed" : "Running"));
        } else {
            throw new IllegalStateException("not a step of a stack's plan: " + operation);
        }
    }

    private static ObjectNode file(List<StackSpec.FileSpec> files, String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().spec();
    }

    /** The spec with each secret's and config's ID, which the API needs beside its name. */
    private ObjectNode withIds(ObjectNode spec) {
        var sent = spec.deepCopy();
        var container = sent.path("TaskTemplate").path("ContainerSpec");
        container.path("Secrets").forEach(ref -> id(ref.path("SecretName").asText(), observed.secrets())
                .ifPresent(id -> ((ObjectNode) ref).put("SecretID", id)));
        container.path("Configs").forEach(ref -> id(ref.path("ConfigName").asText(), observed.configs())
                .ifPresent(id -> ((ObjectNode) ref).put("ConfigID", id)));
        return sent;
    }

    /** A secret's or config's ID: one the cluster had, or one this plan made. */
    private Optional<String> id(String name, Map<String, String> had) {
        return Optional.ofNullable(had.get(name)).or(() -> Optional.ofNullable(made.get(name)));
    }
}
