package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.MountPoint;
import dev.mlcompose.runner.engine.PortBinding;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the engine's inspect answer, or an entry of its container list, into a {@link ContainerState}. */
final class ContainerStates {

    /** The list's status text: "Exited (137) 5 seconds ago", "Up 3 minutes (healthy)". */
    private static final Pattern EXIT = Pattern.compile("^Exited \\((-?\\d+)\\)");
    private static final Pattern HEALTH = Pattern.compile("\\((healthy|unhealthy|health: starting)\\)");

    private ContainerStates() {
    }

    /**
     * From one entry of the engine's container list (a JSON object, see {@link TreeCalls}): everything but the
     * health log, the start and finish times, the OOM flag and the restart count, which only inspect gives (the
     * waits inspect; listing stays one call).
     */
    static ContainerState of(JsonNode entry) {
        String status = entry.path("Status").asText("");
        Matcher exit = EXIT.matcher(status);
        Matcher health = HEALTH.matcher(status);
        List<PortBinding> ports = new ArrayList<>();
        List<PortBinding> unpublished = new ArrayList<>();
        for (JsonNode p : entry.path("Ports")) {
            if (p.hasNonNull("PublicPort")) {
                ports.add(new PortBinding(p.path("IP").asText(""), p.path("PublicPort").asText(),
                        p.path("PrivatePort").asInt(), p.path("Type").asText("tcp")));
            } else {
                unpublished.add(new PortBinding("", "", p.path("PrivatePort").asInt(), p.path("Type").asText("tcp")));
            }
        }
        List<String> networks = new ArrayList<>();
        entry.path("NetworkSettings").path("Networks").fieldNames().forEachRemaining(networks::add);
        long created = entry.path("Created").asLong(0);
        var listing = new ContainerState.Listing(entry.path("Command").asText(""),
                created > 0 ? Optional.of(Instant.ofEpochSecond(created)) : Optional.empty(), status,
                networks.stream().sorted().toList(), unpublished);
        String id = entry.path("Id").asText();
        return new ContainerState(id, entry.path("Names").path(0).asText(id).replaceFirst("^/", ""),
                entry.path("Image").asText(""), TreeCalls.strings(entry.path("Labels")), entry.path("State").asText(""),
                exit.find() ? Integer.parseInt(exit.group(1)) : 0, false,
                health.find() ? Optional.of(health.group(1).replace("health: ", "")) : Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), ports, 0, mounts(entry.path("Mounts")), listing);
    }

    /**
     * From the engine's inspect answer (a JSON object): read as a tree, so that any value the engine stores
     * (a capability in lower case, say, which docker-java's model cannot bind) never breaks a wait.
     */
    static ContainerState ofInspect(JsonNode r) {
        JsonNode st = r.path("State");
        JsonNode health = st.path("Health");
        List<String> outputs = new ArrayList<>();
        health.path("Log").forEach(l -> outputs.add(l.path("Output").asText("").strip()));
        return new ContainerState(r.path("Id").asText(), r.path("Name").asText("").replaceFirst("^/", ""),
                r.path("Config").path("Image").asText(""), TreeCalls.strings(r.path("Config").path("Labels")),
                st.path("Status").asText(""), st.path("ExitCode").asInt(0), st.path("OOMKilled").asBoolean(false),
                health.isObject() ? Optional.of(health.path("Status").asText("")) : Optional.empty(), outputs,
                instant(st.path("StartedAt").asText(null)), instant(st.path("FinishedAt").asText(null)),
                ports(r.path("NetworkSettings").path("Ports")), r.path("RestartCount").asInt(0),
                mounts(r.path("Mounts")));
    }

    /** List and inspect describe a container's mounts alike: {@code [{"Type", "Name", "Source", "Destination", "RW"}]}. */
    private static List<MountPoint> mounts(JsonNode mounts) {
        List<MountPoint> out = new ArrayList<>();
        mounts.forEach(m -> out.add(new MountPoint(m.path("Type").asText(""), m.path("Name").asText(""),
                m.path("Source").asText(""), m.path("Destination").asText(""), m.path("RW").asBoolean(true))));
        return out;
    }

    /** The engine writes {@code 0001-01-01T00:00:00Z} for "never". */
    static Optional<Instant> instant(String text) {
        if (text == null || text.isBlank() || text.startsWith("0001-")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code "8080/tcp": [{"HostIp": "127.0.0.1", "HostPort": "49153"}]}; an unpublished port has null. */
    private static List<PortBinding> ports(JsonNode ports) {
        List<PortBinding> out = new ArrayList<>();
        ports.fields().forEachRemaining(port -> {
            String[] key = port.getKey().split("/", 2);
            port.getValue().forEach(b -> out.add(new PortBinding(b.path("HostIp").asText(""),
                    b.path("HostPort").asText(""), Integer.parseInt(key[0]), key.length > 1 ? key[1] : "tcp")));
        });
        return out;
    }
}
