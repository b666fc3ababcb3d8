package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlcompose.runner.graph.ServiceGraph;
import dev.mlcompose.runner.swarm.Cluster.Kind;
import dev.mlcompose.runner.swarm.TaskConditions.Verdict;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Brings a {@link StackSpec} up on a Swarm ({@link StackTeardown} takes it down). Unlike {@code docker stack deploy}, a service is made
 * only once its dependencies' {@code depends_on} conditions hold, read from their tasks. The engine sends no task
 * events, so a wait polls the tasks of the one service waited for (every 200 ms, as the docker CLI polls), never
 * the whole cluster. A service whose spec hash is unchanged is left as it is: a second {@code up} touches nothing.
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

    /** The waits for conditions this deployer's {@code up}s use (and a one-off's, for its dependencies). */
    ConditionWaits waits() {
        return waits;
    }

    /** What an {@code up} brings up: {@code services} (empty: all) and their dependencies; {@code awaitAll}: waits until they are up; {@code rerun}: jobs to run again. */
    public record Selection(Set<String> services, boolean awaitAll, Set<String> rerun) {
        public Selection {
            services = Set.copyOf(services);
            rerun = Set.copyOf(rerun);
        }

        /** The whole stack, with or without waiting. */
        public static Selection all(boolean wait) {
            return new Selection(Set.of(), wait, Set.of());
        }
    }

    /** The whole stack: {@link #up(Project, StackSpec, Selection)} of all. */
    public void up(Project project, StackSpec stack, boolean wait) {
        up(project, stack, Selection.all(wait));
    }

    /**
     * Makes what is missing and updates what changed, in dependency order; with {@code wait}, until all are up (jobs:
     * completed). A job in {@code rerun} whose spec is unchanged is run again.
     */
    public void up(Project project, StackSpec stack, Selection selection) {
        SwarmPreflight.check(cluster, stack);
        String ns = stack.project();
        var existing = new HashMap<String, JsonNode>();
        cluster.list(Kind.SERVICE, ns).forEach(s -> existing.put(s.path("Spec").path("Name").asText(), s));
        var graph = ServiceGraph.of(project);
        Set<String> chosen = selection.services().isEmpty() ? graph.services() : graph.withDependencies(selection.services());
        if (!waitForGpus) { // refused before anything is made, when the first one to make cannot be placed
            chosen.stream().map(stack.services()::get).filter(spec -> GpuCapacity.reserved(spec.spec()) > 0)
                    .filter(spec -> existing.get(spec.name()) == null || !same(existing.get(spec.name()), spec))
                    .findFirst().ifPresent(gpus::await);
        }
        var networks = names(cluster.list(Kind.NETWORK, ns));
        stack.networks().stream().filter(n -> !networks.containsKey(n.path("Name").asText())).forEach(n -> {
            cluster.create(Kind.NETWORK, n);
            progress.accept("Network " + n.path("Name").asText() + "  Created");
        });
        var secrets = ensure(Kind.SECRET, stack.secrets(), ns);
        var configs = ensure(Kind.CONFIG, stack.configs(), ns);
        var ids = new HashMap<String, String>();
        for (String name : graph.startOrder().stream().filter(chosen::contains).toList()) {
            Service service = project.services().get(name);
            var spec = stack.services().get(name);
            service.dependsOn().forEach((dependency, d) -> {
                if (ids.containsKey(dependency)) {
                    waits.await(stack.services().get(dependency), ids.get(dependency), d.condition(), project);
                }
            });
            ObjectNode sent = withIds(spec.spec(), secrets, configs);
            JsonNode current = existing.get(spec.name());
            if (current == null || !same(current, spec)) {
                gpus.await(spec);
            }
            if (current == null) {
                ids.put(name, cluster.create(Kind.SERVICE, sent));
                progress.accept("Service " + spec.name() + "  Created");
            } else {
                ids.put(name, current.path("ID").asText());
                boolean same = same(current, spec);
                if (same && spec.job()) {
                    keepOrRerun(current, spec, selection.rerun().contains(name) || !service.ml().cache());
                } else if (same) {
                    progress.accept("Service " + spec.name() + "  Unchanged");
                } else {
                    cluster.update(current.path("ID").asText(), current.path("Version").path("Index").asLong(), sent);
                    progress.accept("Service " + spec.name() + "  Updated");
                }
            }
        }
        var declared = stack.services().values().stream().map(StackSpec.ServiceSpec::name).toList();
        existing.keySet().stream().filter(n -> !declared.contains(n)).sorted().forEach(n -> progress.accept(
                "Service " + n + "  Orphan: no longer in the file; down removes it"));
        if (selection.awaitAll()) {
            stack.services().forEach((name, spec) -> {
                if (!chosen.contains(name)) {
                    return;
                }
                waits.await(spec, ids.get(name), spec.job() ? "service_completed_successfully" : "service_healthy", project);
                progress.accept("Service " + spec.name() + "  " + (spec.job() ? "Completed" : "Running"));
            });
        }
    }

    /**
     * An unchanged job, as the skip cache has it on one engine: run again when asked ({@code rerun}: {@code --rerun},
     * or {@code cache: false}) or when its last run failed; kept when it completed (skipped) or still runs.
     */
    private void keepOrRerun(JsonNode current, StackSpec.ServiceSpec spec, boolean rerun) {
        String id = current.path("ID").asText();
        Verdict last = TaskConditions.of("service_completed_successfully", cluster.tasks(id),
                TaskConditions.iteration(current), spec.completions());
        if (rerun || last instanceof Verdict.Failed) {
            JobAttempts.rerun(cluster, id);
            progress.accept("Service " + spec.name() + "  Rerun" + (rerun ? "" : ": its last run failed"));
        } else if (last instanceof Verdict.Met) {
            progress.accept("Service " + spec.name() + "  Skipped: unchanged since its last run completed");
        } else {
            progress.accept("Service " + spec.name() + "  Unchanged");
        }
    }

    private static boolean same(JsonNode current, StackSpec.ServiceSpec spec) {
        return current.path("Spec").path("Labels").path(StackNames.SPEC_HASH).asText().equals(spec.hash());
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

    private static Map<String, JsonNode> names(List<JsonNode> objects) {
        var out = new HashMap<String, JsonNode>();
        objects.forEach(o -> out.put(o.path("Name").asText(), o));
        return out;
    }
}
