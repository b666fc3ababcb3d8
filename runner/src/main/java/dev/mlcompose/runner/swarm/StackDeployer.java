package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.swarm.Cluster.Kind;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Brings a {@link StackSpec} up on a Swarm and takes it down. Unlike {@code docker stack deploy}, a service is made
 * only once its dependencies' {@code depends_on} conditions hold, read from their tasks. The engine sends no task
 * events, so a wait polls the tasks of the one service waited for (every 200 ms, as the docker CLI polls), never
 * the whole cluster. A service whose spec hash is unchanged is left as it is: a second {@code up} touches nothing.
 */
public final class StackDeployer {

    static final Duration POLL = Duration.ofMillis(200);

    private final Cluster cluster;
    private final Consumer<String> progress;
    private final Duration deadline;

    /** {@code deadline}: how long one wait for a condition may take. */
    public StackDeployer(Cluster cluster, Consumer<String> progress, Duration deadline) {
        this.cluster = cluster;
        this.progress = progress;
        this.deadline = deadline;
    }

    /** Makes what is missing and updates what changed, in dependency order; with {@code wait}, until all are up. */
    public void up(Project project, StackSpec stack, boolean wait) {
        SwarmManagers.check(cluster, stack);
        String ns = stack.project();
        var networks = names(cluster.list(Kind.NETWORK, ns));
        stack.networks().stream().filter(n -> !networks.containsKey(n.path("Name").asText())).forEach(n -> {
            cluster.create(Kind.NETWORK, n);
            progress.accept("Network " + n.path("Name").asText() + "  Created");
        });
        var secrets = ensure(Kind.SECRET, stack.secrets(), ns);
        var configs = ensure(Kind.CONFIG, stack.configs(), ns);
        var existing = new HashMap<String, JsonNode>();
        cluster.list(Kind.SERVICE, ns).forEach(s -> existing.put(s.path("Spec").path("Name").asText(), s));
        var ids = new HashMap<String, String>();
        for (String name : ServiceGraph.of(project).startOrder()) {
            Service service = project.services().get(name);
            var spec = stack.services().get(name);
            service.dependsOn().forEach((dependency, d) -> {
                if (ids.containsKey(dependency)) {
                    await(stack.services().get(dependency), ids.get(dependency), d.condition(), project);
                }
            });
            ObjectNode sent = withIds(spec.spec(), secrets, configs);
            JsonNode current = existing.get(spec.name());
            if (current == null) {
                ids.put(name, cluster.create(Kind.SERVICE, sent));
                progress.accept("Service " + spec.name() + "  Created");
            } else {
                ids.put(name, current.path("ID").asText());
                if (current.path("Spec").path("Labels").path(StackNames.SPEC_HASH).asText().equals(spec.hash())) {
                    progress.accept("Service " + spec.name() + "  Unchanged");
                } else {
                    cluster.update(current.path("ID").asText(), current.path("Version").path("Index").asLong(), sent);
                    progress.accept("Service " + spec.name() + "  Updated");
                }
            }
        }
        if (wait) {
            stack.services().forEach((name, spec) -> {
                await(spec, ids.get(name), spec.job() ? "service_completed_successfully" : "service_healthy", project);
                progress.accept("Service " + spec.name() + "  " + (spec.job() ? "Completed" : "Running"));
            });
        }
    }

    /** Removes the stack's services, then, once their tasks are gone, its networks, secrets and configs. */
    public void down(String project) {
        var services = cluster.list(Kind.SERVICE, project);
        services.forEach(s -> {
            cluster.remove(Kind.SERVICE, s.path("ID").asText());
            progress.accept("Service " + s.path("Spec").path("Name").asText() + "  Removed");
        });
        Instant end = Instant.now().plus(deadline);
        var removed = services.stream().map(s -> s.path("ID").asText()).toList();
        for (var left = cluster.tasksLeft(removed); !left.isEmpty(); left = cluster.tasksLeft(removed)) {
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("the tasks of " + left.size() + " removed services were not gone within "
                        + deadline.toSeconds() + "s");
            }
            sleep();
        }
        for (Kind kind : List.of(Kind.NETWORK, Kind.SECRET, Kind.CONFIG)) {
            cluster.list(kind, project).forEach(o -> {
                String name = o.has("Spec") ? o.path("Spec").path("Name").asText() : o.path("Name").asText();
                cluster.remove(kind, o.has("ID") ? o.path("ID").asText() : o.path("Id").asText());
                progress.accept(kind.name().charAt(0) + kind.name().substring(1).toLowerCase() + " " + name + "  Removed");
            });
        }
    }

    /** Creates the secrets or configs not there yet (a changed content has a new name); every name's ID. */
    private Map<String, String> ensure(Kind kind, List<StackSpec.FileSpec> files, String ns) {
        var ids = new HashMap<String, String>();
        cluster.list(kind, ns).forEach(o -> ids.put(o.path("Spec").path("Name").asText(), o.path("ID").asText()));
        files.stream().filter(f -> !ids.containsKey(f.name())).forEach(f -> {
            ids.put(f.name(), cluster.create(kind, f.spec()));
            progress.accept((kind == Kind.SECRET ? "Secret " : "Config ") + f.name() + "  Created");
        });
        return ids;
    }

    /** The spec with each secret's and config's ID, which the API needs beside its name. */
    private static ObjectNode withIds(ObjectNode spec, Map<String, String> secrets, Map<String, String> configs) {
        var sent = spec.deepCopy();
        var container = sent.path("TaskTemplate").path("ContainerSpec");
        container.path("Secrets").forEach(ref -> Optional.ofNullable(secrets.get(ref.path("SecretName").asText()))
                .ifPresent(id -> ((ObjectNode) ref).put("SecretID", id)));
        container.path("Configs").forEach(ref -> Optional.ofNullable(configs.get(ref.path("ConfigName").asText()))
                .ifPresent(id -> ((ObjectNode) ref).put("ConfigID", id)));
        return sent;
    }

    /** Waits until {@code condition} holds for the service; a failed job or an unhealthy service ends the run. */
    private void await(StackSpec.ServiceSpec spec, String id, String condition, Project project) {
        Instant end = Instant.now().plus(deadline);
        int completions = spec.spec().path("Mode").path("ReplicatedJob").path("TotalCompletions").asInt(1);
        while (true) {
            Optional<Long> iteration = spec.job() ? iteration(id) : Optional.empty();
            Verdict verdict = TaskConditions.of(condition, cluster.tasks(id), iteration, completions);
            if (verdict instanceof Verdict.Met) {
                return;
            }
            if (verdict instanceof Verdict.Failed failed) {
                var logs = cluster.logs(id, 10);
                throw new StackFailed("service " + spec.service() + ": " + failed.reason()
                        + (logs.isEmpty() ? "" : "\n" + String.join("\n", logs)));
            }
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("service " + spec.service() + ": " + condition + " did not hold within "
                        + deadline.toSeconds() + "s (its task is " + ((Verdict.Waiting) verdict).state() + ")");
            }
            sleep();
        }
    }

    /** A job's current run: its service's {@code JobStatus.JobIteration.Index}. */
    private Optional<Long> iteration(String id) {
        return Optional.of(cluster.service(id).path("JobStatus").path("JobIteration").path("Index"))
                .filter(JsonNode::isNumber).map(JsonNode::asLong);
    }

    private static Map<String, JsonNode> names(List<JsonNode> objects) {
        var out = new HashMap<String, JsonNode>();
        objects.forEach(o -> out.put(o.path("Name").asText(), o));
        return out;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailed("interrupted");
        }
    }
}
