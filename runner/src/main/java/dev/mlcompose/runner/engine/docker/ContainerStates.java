package dev.mlcompose.runner.engine.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.NetworkSettings;
import com.github.dockerjava.api.model.Ports;
import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.engine.PortBinding;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads docker-java's inspect answer, or an entry of the engine's container list, into a {@link ContainerState}. */
final class ContainerStates {

    /** The list's status text: "Exited (137) 5 seconds ago", "Up 3 minutes (healthy)". */
    private static final Pattern EXIT = Pattern.compile("^Exited \\((-?\\d+)\\)");
    private static final Pattern HEALTH = Pattern.compile("\\((healthy|unhealthy|health: starting)\\)");

    private ContainerStates() {
    }

    /**
     * From one entry of the engine's container list (a JSON object, see {@link TreeReads}): everything but the
     * health log, the start and finish times, the OOM flag and the restart count, which only inspect gives (the
     * waits inspect; listing stays one call).
     */
    static ContainerState of(JsonNode entry) {
        String status = entry.path("Status").asText("");
        Matcher exit = EXIT.matcher(status);
        Matcher health = HEALTH.matcher(status);
        List<PortBinding> ports = new ArrayList<>();
        for (JsonNode p : entry.path("Ports")) {
            if (p.hasNonNull("PublicPort")) {
                ports.add(new PortBinding(p.path("IP").asText(""), p.path("PublicPort").asText(),
                        p.path("PrivatePort").asInt(), p.path("Type").asText("tcp")));
            }
        }
        String id = entry.path("Id").asText();
        return new ContainerState(id, entry.path("Names").path(0).asText(id).replaceFirst("^/", ""),
                entry.path("Image").asText(""), TreeReads.strings(entry.path("Labels")), entry.path("State").asText(""),
                exit.find() ? Integer.parseInt(exit.group(1)) : 0, false,
                health.find() ? Optional.of(health.group(1).replace("health: ", "")) : Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), ports, 0);
    }

    static ContainerState of(InspectContainerResponse r) {
        InspectContainerResponse.ContainerState st = r.getState();
        Optional<HealthState> health = Optional.ofNullable(st.getHealth());
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                ? Map.of() : r.getConfig().getLabels();
        return new ContainerState(r.getId(), r.getName().replaceFirst("^/", ""), r.getConfig().getImage(),
                labels, st.getStatus(), st.getExitCodeLong() == null ? 0 : st.getExitCodeLong().intValue(),
                Boolean.TRUE.equals(st.getOOMKilled()), health.map(HealthState::getStatus),
                health.map(ContainerStates::outputs).orElse(List.of()), instant(st.getStartedAt()),
                instant(st.getFinishedAt()), ports(r.getNetworkSettings()),
                r.getRestartCount() == null ? 0 : r.getRestartCount());
    }

    private static List<String> outputs(HealthState health) {
        return health.getLog() == null ? List.of()
                : health.getLog().stream().map(HealthStateLog::getOutput).map(o -> o == null ? "" : o.strip())
                .toList();
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

    private static List<PortBinding> ports(NetworkSettings settings) {
        List<PortBinding> ports = new ArrayList<>();
        if (settings == null || settings.getPorts() == null) {
            return ports;
        }
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : settings.getPorts().getBindings().entrySet()) {
            for (Ports.Binding b : e.getValue() == null ? new Ports.Binding[0] : e.getValue()) {
                ports.add(new PortBinding(b.getHostIp(), b.getHostPortSpec(), e.getKey().getPort(),
                        e.getKey().getProtocol().toString()));
            }
        }
        return ports;
    }
}
