package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Swarm of this test's own behind the {@link Cluster} port: a service's task is running from the second poll on
 * (a job's: complete, or failed with the next scripted exit code), and every call that changes something is logged,
 * as are the first polls that see a condition hold.
 */
final class FakeCluster implements Cluster {

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> log = new ArrayList<>();
    final List<JsonNode> nodes = new ArrayList<>();
    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<Kind, List<ObjectNode>> others = new HashMap<>();
    private final Map<String, Integer> polls = new HashMap<>();
    private final Map<String, List<Integer>> exits = new HashMap<>();

    /** A scripted run that never ends: its task runs until the run is replaced. */
    static final int RUNS_ON = Integer.MAX_VALUE;

    /**
     * The exit codes of a job's runs, in order (then 0); -1: the dispatcher rejects the run's task; {@link #RUNS_ON}:
     * it never ends.
     */
    FakeCluster exits(String serviceName, Integer... codes) {
        exits.put(serviceName, new ArrayList<>(List.of(codes)));
        return this;
    }

    @Override
    public JsonNode info() {
        return tree("{\"Name\":\"fake\",\"ServerVersion\":\"26.1.5\",\"Swarm\":{\"LocalNodeState\":\"active\","
                + "\"ControlAvailable\":true}}");
    }

    @Override
    public String apiVersion() {
        return "1.45";
    }

    @Override
    public List<JsonNode> list(Kind kind, String namespace) {
        var all = kind == Kind.SERVICE ? new ArrayList<JsonNode>(services.values())
                : new ArrayList<JsonNode>(others.getOrDefault(kind, List.of()));
        return all.stream().filter(o -> (o.has("Spec") ? o.get("Spec") : o).path("Labels")
                .path(StackNames.NAMESPACE).asText().equals(namespace)).toList();
    }

    @Override
    public JsonNode service(String id) {
        return services.get(id);
    }

    @Override
    public String create(Kind kind, ObjectNode spec) {
        String id = "id-" + spec.path("Name").asText();
        log.add("create " + spec.path("Name").asText());
        if (kind == Kind.SERVICE) {
            var service = JSON.createObjectNode().put("ID", id);
            service.putObject("Version").put("Index", 1);
            service.set("Spec", spec.deepCopy());
            service.putObject("JobStatus").putObject("JobIteration").put("Index", 0);
            services.put(id, service);
        } else if (kind == Kind.NETWORK) {
            others.computeIfAbsent(kind, k -> new ArrayList<>()).add(spec.deepCopy().put("Id", id));
        } else {
            var object = JSON.createObjectNode().put("ID", id);
            object.set("Spec", spec.deepCopy());
            others.computeIfAbsent(kind, k -> new ArrayList<>()).add(object);
        }
        return id;
    }

    @Override
    public void update(String serviceId, long version, ObjectNode spec) {
        var service = services.get(serviceId);
        long force = spec.path("TaskTemplate").path("ForceUpdate").asLong(0);
        boolean rerun = force != service.path("Spec").path("TaskTemplate").path("ForceUpdate").asLong(0);
        log.add((rerun ? "rerun " : "update ") + spec.path("Name").asText());
        service.set("Spec", spec.deepCopy());
        ((ObjectNode) service.get("Version")).put("Index", version + 1);
        var iteration = (ObjectNode) service.path("JobStatus").path("JobIteration");
        iteration.put("Index", iteration.path("Index").asLong() + 1);
        polls.remove(serviceId);
    }

    @Override
    public void remove(Kind kind, String id) {
        log.add("remove " + id);
        services.remove(id);
        others.values().forEach(list -> list.removeIf(o -> id.equals(o.path("ID").asText(o.path("Id").asText()))));
    }

    @Override
    public boolean removeVolume(String name) {
        remove(Kind.VOLUME, name);
        return true;
    }

    @Override
    public List<JsonNode> tasks(String serviceId) {
        var service = services.get(serviceId);
        String name = service.path("Spec").path("Name").asText();
        int poll = polls.merge(serviceId, 1, Integer::sum);
        if (poll < 2) {
            return List.of();
        }
        boolean job = service.path("Spec").path("Mode").has("ReplicatedJob");
        long iteration = service.path("JobStatus").path("JobIteration").path("Index").asLong();
        String state = "running";
        int exit = 0;
        if (job) {
            var codes = exits.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElseGet(ArrayList::new);
            exit = poll == 2 ? (codes.isEmpty() ? 0 : codes.remove(0)) : lastExit(serviceId);
            state = exit == RUNS_ON ? "running" : exit == 0 ? "complete" : exit < 0 ? "rejected" : "failed";
            lastExits.put(serviceId, exit);
        }
        if (poll == 2) {
            log.add(name + " " + state);
        }
        return List.of(tree("{\"DesiredState\":\"" + (job && exit != 0 && exit != RUNS_ON ? "shutdown" : "running") + "\","
                + "\"JobIteration\":{\"Index\":" + iteration + "},\"Status\":{\"State\":\"" + state + "\",\"Err\":"
                + (exit == 0 || exit == RUNS_ON ? "null" : exit < 0 ? "\"assigned node no longer meets constraints\""
                : "\"task: non-zero exit (" + exit + ")\"") + ",\"ContainerStatus\":"
                + "{\"ExitCode\":" + (exit == RUNS_ON ? 0 : Math.max(exit, 0)) + "}}}"));
    }

    private final Map<String, Integer> lastExits = new HashMap<>();

    private int lastExit(String serviceId) {
        return lastExits.getOrDefault(serviceId, 0);
    }

    @Override
    public List<JsonNode> allTasks() {
        return List.of();
    }

    @Override
    public List<JsonNode> tasksLeft(Collection<String> removedServiceIds) {
        return List.of();
    }

    @Override
    public List<String> logs(String serviceId, int lines) {
        return List.of("last words of " + serviceId);
    }

    @Override
    public void logs(String serviceId, boolean follow, Optional<Integer> tail, Consumer<String> sink) {
        sink.accept("last words of " + serviceId);
    }

    @Override
    public List<JsonNode> nodes() {
        return nodes;
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
