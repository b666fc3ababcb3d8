package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ps} on a Swarm: one row per task, with its node, state, exit code and GPUs. Without {@code all}, the tasks
 * that are or will be running, and, for a service that has none, its latest one (a job that completed or failed).
 * Pure: it reads what the manager answered.
 */
public final class TaskRows {

    private static final Set<String> PAST = Set.of("shutdown", "remove");

    /** One task as {@code ps} shows it. */
    public record Row(String id, String name, String service, String node, String desiredState, String state,
                      int exitCode, String gpus, String error) {
    }

    private TaskRows() {
    }

    /**
     * {@code services}: the stack's, as listed; {@code tasks}: each service's tasks by service ID; {@code nodes}:
     * the Swarm's nodes, for their hostnames.
     */
    public static List<Row> of(String project, List<JsonNode> services, Map<String, List<JsonNode>> tasks,
                               List<JsonNode> nodes, boolean all) {
        var hostnames = new HashMap<String, String>();
        nodes.forEach(n -> hostnames.put(n.path("ID").asText(), n.path("Description").path("Hostname").asText()
                + (n.path("Status").path("State").asText("ready").equals("ready") ? ""
                : " (" + n.path("Status").path("State").asText() + ")")));
        var rows = new ArrayList<Row>();
        services.stream().sorted(Comparator.comparing(s -> s.path("Spec").path("Name").asText())).forEach(s -> {
            String name = s.path("Spec").path("Name").asText();
            var own = tasks.getOrDefault(s.path("ID").asText(), List.of()).stream()
                    .sorted(Comparator.comparing((JsonNode t) -> t.path("Slot").asInt(0))
                            .thenComparing(t -> t.path("UpdatedAt").asText(), Comparator.reverseOrder())).toList();
            var shown = all ? own : own.stream().filter(t -> !PAST.contains(t.path("DesiredState").asText())).toList();
            if (shown.isEmpty() && !own.isEmpty()) {
                shown = List.of(own.stream().max(Comparator.comparing(t -> t.path("UpdatedAt").asText())).orElseThrow());
            }
            shown.forEach(t -> rows.add(row(project, name, t, hostnames)));
        });
        return rows;
    }

    private static Row row(String project, String serviceName, JsonNode t, Map<String, String> hostnames) {
        int slot = t.path("Slot").asInt(0);
        String id = t.path("ID").asText();
        String name = serviceName + "." + (slot > 0 ? Integer.toString(slot) : id.substring(0, Math.min(12, id.length())));
        var gpus = new ArrayList<String>();
        t.path("GenericResources").forEach(r -> {
            if (r.path("NamedResourceSpec").path("Kind").asText().equals(GpuReservations.KIND)) {
                gpus.add(r.path("NamedResourceSpec").path("Value").asText());
            }
        });
        JsonNode status = t.path("Status");
        String state = status.path("State").asText();
        return new Row(id, name, serviceName.substring(Math.min(serviceName.length(), project.length() + 1)),
                hostnames.getOrDefault(t.path("NodeID").asText(), ""), t.path("DesiredState").asText(), state,
                status.path("ContainerStatus").path("ExitCode").asInt(0), String.join(",", gpus),
                state.equals("failed") || state.equals("rejected") ? TaskConditions.failure(t) : "");
    }
}
