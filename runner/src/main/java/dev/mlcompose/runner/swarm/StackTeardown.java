package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.swarm.Cluster.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Takes a stack down as {@code docker stack rm} does, and then waits: the services first, then, once their tasks
 * are gone, the networks (which a task still attached would keep), secrets and configs. Named volumes stay unless
 * asked for; even then only the manager's own node's go: each node keeps its local volumes, and the manager's API
 * cannot reach another node's.
 */
public final class StackTeardown {

    /** What goes once the services' tasks are gone, in this order. */
    private static final List<Kind> OBJECTS = List.of(Kind.NETWORK, Kind.SECRET, Kind.CONFIG);

    private final Cluster cluster;
    private final Consumer<String> progress;
    private final Duration deadline;

    /** {@code deadline}: how long the removed services' tasks may take to go. */
    public StackTeardown(Cluster cluster, Consumer<String> progress, Duration deadline) {
        this.cluster = cluster;
        this.progress = progress;
        this.deadline = deadline;
    }

    /**
     * Removes the stack's services, then, once their tasks are gone, its networks, secrets and configs; with
     * {@code volumes}, the stack's named volumes on the manager's node too. The hostnames of the other nodes where
     * a task mounted a named volume, which keep theirs (sorted; empty without {@code volumes}).
     */
    public List<String> down(String project, boolean volumes) {
        var services = cluster.list(Kind.SERVICE, project);
        List<String> keeping = volumes ? nodesWithVolumes(services) : List.of();
        services.forEach(s -> {
            cluster.remove(Kind.SERVICE, s.path("ID").asText());
            progress.accept("Service " + name(s) + "  Removed");
        });
        Instant end = Instant.now().plus(deadline);
        var removed = services.stream().map(s -> s.path("ID").asText()).toList();
        // a down node's tasks stay listed until it is back, and then it removes them itself
        var down = services.isEmpty() ? Set.<String>of() : cluster.nodes().stream()
                .filter(n -> n.path("Status").path("State").asText().equals("down"))
                .map(n -> n.path("ID").asText()).collect(Collectors.toSet());
        Supplier<List<JsonNode>> left = () -> cluster.tasksLeft(removed).stream()
                .filter(t -> !down.contains(t.path("NodeID").asText())).toList();
        for (var tasks = left.get(); !tasks.isEmpty(); tasks = left.get()) {
            if (Instant.now().isAfter(end)) {
                throw new StackFailed(tasks.size() + " tasks of the removed services were not gone within "
                        + deadline.toSeconds() + "s");
            }
            Pause.of(StackDeployer.POLL);
        }
        for (Kind kind : OBJECTS) {
            cluster.list(kind, project).forEach(o -> {
                cluster.remove(kind, o.has("ID") ? o.path("ID").asText() : o.path("Id").asText());
                progress.accept(kind.name().charAt(0) + kind.name().substring(1).toLowerCase() + " " + name(o) + "  Removed");
            });
        }
        if (volumes) {
            cluster.list(Kind.VOLUME, project).forEach(v -> removeVolume(v.path("Name").asText(), end));
        }
        return keeping;
    }

    /**
     * What {@link #down} would remove, one line each in its order, as a dry run of {@code down} on one engine prints
     * it; nothing is removed ({@code --dry-run}). With {@code volumes}, the named volumes on the manager's node.
     */
    public List<String> dryRun(String project, boolean volumes) {
        var lines = new ArrayList<String>();
        cluster.list(Kind.SERVICE, project).forEach(s -> lines.add("remove service " + name(s)));
        for (Kind kind : OBJECTS) {
            cluster.list(kind, project).forEach(o -> lines.add("remove " + kind.name().toLowerCase() + " " + name(o)));
        }
        if (volumes) {
            cluster.list(Kind.VOLUME, project).forEach(v -> lines.add("remove volume " + name(v)));
        }
        return lines;
    }

    /** An object's name: services, secrets and configs have it in their spec, networks and volumes at the top. */
    private static String name(JsonNode object) {
        return object.has("Spec") ? object.path("Spec").path("Name").asText() : object.path("Name").asText();
    }

    /** Removes a volume once no container of the removed tasks uses it, which the node sees to a moment later. */
    private void removeVolume(String name, Instant end) {
        while (!cluster.removeVolume(name)) {
            if (Instant.now().isAfter(end)) {
                throw new StackFailed("volume " + name + " is still in use after " + deadline.toSeconds() + "s");
            }
            Pause.of(StackDeployer.POLL);
        }
        progress.accept("Volume " + name + "  Removed");
    }

    /** The other nodes than the manager's own where a task of these services mounted a named volume. */
    private List<String> nodesWithVolumes(List<JsonNode> services) {
        String self = cluster.info().path("Swarm").path("NodeID").asText();
        var hostnames = cluster.nodes().stream().collect(Collectors.toMap(n -> n.path("ID").asText(),
                n -> n.path("Description").path("Hostname").asText(), (a, b) -> a));
        return services.stream()
                .filter(s -> java.util.stream.StreamSupport.stream(s.path("Spec").path("TaskTemplate")
                        .path("ContainerSpec").path("Mounts").spliterator(), false)
                        .anyMatch(m -> m.path("Type").asText().equals("volume")))
                .flatMap(s -> cluster.tasks(s.path("ID").asText()).stream())
                .map(t -> t.path("NodeID").asText())
                .filter(node -> !node.isEmpty() && !node.equals(self))
                .map(node -> hostnames.getOrDefault(node, node)).distinct().sorted().toList();
    }
}
