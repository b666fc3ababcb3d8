package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request.Method;
import dev.mlcompose.runner.engine.EngineException;
import dev.mlcompose.runner.swarm.Cluster;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A Swarm manager reached through a {@link DockerEngine}'s connection: JSON calls, since docker-java models
 * neither job modes nor generic resources. Each call has the engine's retries and deadline.
 */
public final class DockerCluster implements Cluster {

    private final DockerEngine engine;

    public DockerCluster(DockerEngine engine) {
        this.engine = engine;
    }

    @Override
    public JsonNode info() {
        return engine.send("swarm info", Method.GET, "/info", Optional.empty());
    }

    @Override
    public String apiVersion() {
        return engine.treeReads().engineApiVersion();
    }

    @Override
    public List<JsonNode> list(Kind kind, String namespace) {
        String filter = "{\"label\":[\"com.docker.stack.namespace=" + namespace + "\"]}";
        return items(engine.send("list " + path(kind), Method.GET, "/" + path(kind) + "?filters=" + encode(filter),
                Optional.empty()));
    }

    @Override
    public JsonNode service(String id) {
        return engine.send("inspect service " + id, Method.GET, "/services/" + encode(id), Optional.empty());
    }

    @Override
    public String create(Kind kind, ObjectNode spec) {
        String what = "create " + singular(kind) + " " + spec.path("Name").asText();
        JsonNode answer = engine.send(what, Method.POST, "/" + path(kind) + "/create", Optional.of(spec));
        return answer.has("ID") ? answer.path("ID").asText() : answer.path("Id").asText();
    }

    @Override
    public void update(String serviceId, long version, ObjectNode spec) {
        engine.send("update service " + spec.path("Name").asText(), Method.POST,
                "/services/" + encode(serviceId) + "/update?version=" + version, Optional.of(spec));
    }

    @Override
    public void remove(Kind kind, String id) {
        try {
            engine.send("remove " + singular(kind) + " " + id, Method.DELETE, "/" + path(kind) + "/" + encode(id),
                    Optional.empty());
        } catch (EngineException e) {
            // an overlay network just removed stays listed a few seconds on a node that had a task on it, and its
            // removal then answers 500 "network … not found" (measured on Engine 26.1)
            if (e.kind() != EngineException.Kind.NOT_FOUND && !e.reason().endsWith(" not found")) {
                throw e;
            }
        }
    }

    @Override
    public boolean removeVolume(String name) {
        try {
            remove(Kind.VOLUME, name);
            return true;
        } catch (EngineException e) {
            if (e.kind() == EngineException.Kind.CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public List<JsonNode> tasks(String serviceId) {
        String filter = "{\"service\":[\"" + serviceId + "\"]}";
        return items(engine.send("list tasks", Method.GET, "/tasks?filters=" + encode(filter), Optional.empty()));
    }

    @Override
    public List<JsonNode> allTasks() {
        return items(engine.send("list tasks", Method.GET, "/tasks", Optional.empty()));
    }

    @Override
    public List<JsonNode> tasksLeft(Collection<String> removedServiceIds) {
        return allTasks().stream().filter(t -> removedServiceIds.contains(t.path("ServiceID").asText())).toList();
    }

    @Override
    public List<String> logs(String serviceId, int lines) {
        var out = Collections.synchronizedList(new ArrayList<String>());
        engine.serviceLogs(serviceId, false, Optional.of(lines), out::add);
        return List.copyOf(out);
    }

    @Override
    public void logs(String serviceId, boolean follow, Optional<Integer> tail, Consumer<String> sink) {
        engine.serviceLogs(serviceId, follow, tail, sink);
    }

    @Override
    public List<JsonNode> nodes() {
        return items(engine.send("list nodes", Method.GET, "/nodes", Optional.empty()));
    }

    /** The objects of a list's answer: an array, or the volume list's object ({@code {"Volumes": [...]}}). */
    private static List<JsonNode> items(JsonNode answer) {
        var out = new ArrayList<JsonNode>();
        (answer.isObject() ? answer.path("Volumes") : answer).forEach(out::add);
        return out;
    }

    private static String path(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "s";
    }

    private static String singular(Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
