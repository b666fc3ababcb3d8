package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import dev.mlcompose.runner.engine.ContainerArchive;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.ContainerStats;
import dev.mlcompose.runner.engine.EngineEvent;
import dev.mlcompose.runner.engine.EngineInfo;
import dev.mlcompose.runner.engine.ImageInfo;
import dev.mlcompose.runner.engine.NetworkInfo;
import dev.mlcompose.runner.engine.VolumeInfo;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Calls made on docker-java's transport with JSON trees: the reads on the way to a command's first action (the
 * container, network and volume lists, the event stream, the image check) and the creates of containers and
 * networks. Binding docker-java's model of each of these answers costs 50-70 ms of reflection in a fresh JVM
 * (measured), and {@code up} makes all of them before its first create; a tree costs a few milliseconds. A create
 * sends every field the Engine API has, at the engine's own API version, not only those docker-java models. A
 * refusal becomes docker-java's {@link DockerException}, so {@link DockerErrors} reads it as it reads any other
 * call's.
 */
final class TreeCalls {

    private final DockerHttpClient http;
    private final ObjectMapper json;
    private final String api;
    private String engineApi;

    TreeCalls(DockerHttpClient http, ObjectMapper json, String apiVersion) {
        this.http = http;
        this.json = json;
        this.api = "/v" + apiVersion;
    }

    List<ContainerState> containers(Map<String, String> labels, boolean all) {
        List<ContainerState> containers = new ArrayList<>();
        read("/containers/json?all=" + all + labelQuery("&", labels))
                .forEach(c -> containers.add(ContainerStates.of(c)));
        return containers;
    }

    List<NetworkInfo> networks(Map<String, String> labels) {
        List<NetworkInfo> networks = new ArrayList<>();
        read("/networks" + labelQuery("?", labels)).forEach(n -> networks.add(
                new NetworkInfo(n.path("Id").asText(), n.path("Name").asText(), strings(n.path("Labels")),
                        instant(n.path("Created").asText()))));
        return networks;
    }

    List<VolumeInfo> volumes(Map<String, String> labels) {
        List<VolumeInfo> volumes = new ArrayList<>();
        read("/volumes" + labelQuery("?", labels)).path("Volumes").forEach(v ->
                volumes.add(new VolumeInfo(v.path("Name").asText(), strings(v.path("Labels")), v.path("Driver").asText(),
                        v.path("Mountpoint").asText(), v.path("Scope").asText())));
        return volumes;
    }

    /** {@code /info} and {@code /version}, read as trees (docker-java's models cost ~50 ms of binding each). */
    EngineInfo info(String endpoint) {
        JsonNode info = read("/info");
        List<String> runtimes = new ArrayList<>();
        info.path("Runtimes").fieldNames().forEachRemaining(runtimes::add);
        return new EngineInfo(endpoint, info.path("ServerVersion").asText(""), engineApiVersion(),
                info.path("OSType").asText("linux"), info.path("NCPU").asInt(0), info.path("MemTotal").asLong(0),
                runtimes.stream().sorted().toList());
    }

    ContainerState inspect(String id) {
        return ContainerStates.ofInspect(read("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/json"));
    }

    /** The local image {@code reference} names; empty when there is none. */
    Optional<ImageInfo> image(String reference) {
        JsonNode image;
        try {
            image = read("/images/" + URLEncoder.encode(reference, StandardCharsets.UTF_8) + "/json");
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        List<String> tags = new ArrayList<>();
        image.path("RepoTags").forEach(t -> tags.add(t.asText()));
        var volumes = new HashSet<String>();
        image.path("Config").path("Volumes").fieldNames().forEachRemaining(volumes::add);
        List<String> digests = new ArrayList<>();
        image.path("RepoDigests").forEach(d -> digests.add(d.asText()));
        return Optional.of(new ImageInfo(image.path("Id").asText(), tags, image.path("Size").asLong(),
                image.path("Config").path("User").asText(""), volumes, digests));
    }

    /**
     * Returns once the engine accepted the subscription, so nothing that happens after this call is missed;
     * a thread of its own then hands each event to {@code sink} until the stream is closed or ends.
     */
    Closeable events(Map<String, String> labels, Optional<Long> since, Optional<Long> until, Consumer<EngineEvent> sink) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        filters.put("type", List.of("container"));
        if (!labels.isEmpty()) {
            filters.put("label", labelFilter(labels));
        }
        Response response = get("/events?filters=" + filters(filters) + since.map(t -> "&since=" + t).orElse("")
                + until.map(t -> "&until=" + t).orElse(""));
        Thread reader = new Thread(() -> read(response.getBody(), sink), "mlcompose-events");
        reader.setDaemon(true);
        reader.start();
        return response::close; // the transport aborts the request, which ends the reader's blocked read
    }

    /** Reads the stream's objects as they come; the parser is made here because it waits for the first bytes. */
    private void read(InputStream body, Consumer<EngineEvent> sink) {
        try (MappingIterator<JsonNode> events = json.readerFor(JsonNode.class).readValues(body)) {
            while (events.hasNextValue()) {
                sink.accept(event(events.nextValue()));
            }
        } catch (IOException e) {
            // closed by the subscriber, or the engine went away: either way the stream is over
        } catch (RuntimeException e) {
            // a subscriber that failed on an event ends its stream, as docker-java's callbacks did; its waits
            // still end at their deadlines
        }
    }

    static EngineEvent event(JsonNode e) {
        JsonNode actor = e.path("Actor");
        Map<String, String> attributes = strings(actor.path("Attributes"));
        String action = e.path("Action").asText(e.path("status").asText(""));
        long nanos = e.has("timeNano") ? e.path("timeNano").asLong() : e.path("time").asLong() * 1_000_000_000L;
        return new EngineEvent(actor.path("ID").asText(e.path("id").asText("")), action, attributes, nanos);
    }

    /** An object of strings (labels, attributes) as a map; absent or null is empty. */
    private static Instant instant(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> strings = new HashMap<>();
        object.fields().forEachRemaining(f -> strings.put(f.getKey(), f.getValue().asText()));
        return strings;
    }

    private JsonNode read(String pathAndQuery) {
        try (Response response = get(pathAndQuery)) {
            return json.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code GET /containers/{id}/archive}: the path's stat (the engine's {@code X-Docker-Container-Path-Stat}
     * header, base64 JSON) and its tar stream; empty when the path does not exist.
     */
    Optional<ContainerArchive> archive(String id, String path) {
        Response response;
        try {
            response = get("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/archive?path="
                    + URLEncoder.encode(path, StandardCharsets.UTF_8));
        } catch (DockerException e) {
            if (e.getHttpStatus() == 404 && !e.getMessage().contains("No such container")) {
                return Optional.empty();
            }
            throw e;
        }
        try {
            JsonNode stat = json.readTree(Base64.getDecoder().decode(
                    String.valueOf(response.getHeader("X-Docker-Container-Path-Stat"))));
            return Optional.of(new ContainerArchive(new ContainerArchive.Stat(stat.path("name").asText(""),
                    stat.path("size").asLong(0), stat.path("mode").asLong(0), stat.path("linkTarget").asText("")),
                    new FilterInputStream(response.getBody()) {
                        @Override
                        public void close() {
                            response.close(); // aborts what the engine has not sent yet
                        }
                    }));
        } catch (IOException | IllegalArgumentException e) {
            response.close();
            throw new IllegalStateException("the engine's archive answer has no readable stat of " + path, e);
        }
    }

    /**
     * {@code GET /containers/{id}/stats?stream=false}: one sample, with the previous one for the CPU deltas, read
     * as the docker CLI reads it (memory without the inactive page cache, cgroup v1's total_inactive_file or
     * v2's inactive_file; block I/O by its read and write operations, either case).
     */
    ContainerStats stats(String id) {
        JsonNode s = read("/containers/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "/stats?stream=false");
        JsonNode cpu = s.path("cpu_stats");
        JsonNode pre = s.path("precpu_stats");
        int cpus = cpu.path("online_cpus").asInt(0);
        if (cpus == 0) {
            cpus = cpu.path("cpu_usage").path("percpu_usage").size();
        }
        JsonNode memory = s.path("memory_stats");
        long usage = memory.path("usage").asLong(0);
        JsonNode cache = memory.path("stats").has("total_inactive_file") ? memory.path("stats").path("total_inactive_file")
                : memory.path("stats").path("inactive_file");
        if (cache.isNumber() && cache.asLong() < usage) {
            usage -= cache.asLong();
        }
        long received = 0;
        long sent = 0;
        for (JsonNode network : s.path("networks")) {
            received += network.path("rx_bytes").asLong(0);
            sent += network.path("tx_bytes").asLong(0);
        }
        long read = 0;
        long written = 0;
        for (JsonNode io : s.path("blkio_stats").path("io_service_bytes_recursive")) {
            String op = io.path("op").asText("").toLowerCase(java.util.Locale.ROOT);
            read += op.equals("read") ? io.path("value").asLong(0) : 0;
            written += op.equals("write") ? io.path("value").asLong(0) : 0;
        }
        return new ContainerStats(cpu.path("cpu_usage").path("total_usage").asLong(0)
                - pre.path("cpu_usage").path("total_usage").asLong(0),
                cpu.path("system_cpu_usage").asLong(0) - pre.path("system_cpu_usage").asLong(0), cpus, usage,
                memory.path("limit").asLong(0), received, sent, read, written, s.path("pids_stats").path("current").asLong(0));
    }

    /** Asks the engine's {@code /_ping}, whose answer carries nothing but the fact that the engine answers. */
    void ping() {
        try (Response response = checked(http.execute(Request.builder().method(Request.Method.GET)
                .path("/_ping").build()))) {
            response.getBody().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API version the engine speaks (its {@code /version}, asked once). */
    synchronized String engineApiVersion() {
        if (engineApi == null) {
            try (Response response = checked(http.execute(Request.builder().method(Request.Method.GET)
                    .path("/version").build()))) {
                engineApi = json.readTree(response.getBody()).path("ApiVersion").asText(api.substring(2));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return engineApi;
    }

    /** POSTs {@code body} to {@code path} at API {@code version}; the engine's answer as a tree. */
    JsonNode post(String version, String pathAndQuery, JsonNode body) {
        try (Response response = checked(http.execute(Request.builder().method(Request.Method.POST)
                .path("/v" + version + pathAndQuery).putHeader("Content-Type", "application/json")
                .body(new ByteArrayInputStream(json.writeValueAsBytes(body))).build()))) {
            return json.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any call at the engine's own API version, with an optional JSON body; the answer as a tree (missing when the
     * engine answers with no body).
     */
    JsonNode send(Request.Method method, String pathAndQuery, Optional<JsonNode> body) {
        var request = Request.builder().method(method).path("/v" + engineApiVersion() + pathAndQuery);
        if (body.isPresent()) {
            try {
                request.putHeader("Content-Type", "application/json")
                        .body(new ByteArrayInputStream(json.writeValueAsBytes(body.get())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree is always JSON", e);
            }
        }
        try (Response response = checked(http.execute(request.build()))) {
            byte[] answer = response.getBody().readAllBytes();
            return answer.length == 0 ? json.missingNode() : json.readTree(answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The engine's answer to a GET of {@code pathAndQuery} (after the API version); a refusal is thrown. */
    Response get(String pathAndQuery) {
        return checked(http.execute(Request.builder().method(Request.Method.GET).path(api + pathAndQuery).build()));
    }

    private static Response checked(Response response) {
        int status = response.getStatusCode();
        if (status >= 300) {
            String body;
            try (response) {
                body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                body = "";
            }
            throw new DockerException("Status " + status + ": " + body, status);
        }
        return response;
    }

    /** The label filter as a query parameter after {@code separator}; nothing when there are no labels. */
    private String labelQuery(String separator, Map<String, String> labels) {
        return labels.isEmpty() ? "" : separator + "filters=" + filters(Map.of("label", labelFilter(labels)));
    }

    private String filters(Map<String, List<String>> filters) {
        try {
            return URLEncoder.encode(json.writeValueAsString(filters), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    private static List<String> labelFilter(Map<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }
}
