package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Set;

/**
 * How many GPUs each ready node has free: those it advertises less those its unfinished tasks hold. Needed because a
 * Swarm's own wait for GPUs is unreliable: on Engine 26.1, a task on an overlay network that waited as pending for a
 * GPU, and was then placed, was rejected ("assigned node no longer meets constraints") in every run measured here.
 * So mlcompose makes a GPU service only once a node has its GPUs free, and the task is placed at once. Pure.
 */
final class GpuCapacity {

    private static final Set<String> ENDED = Set.of("complete", "failed", "rejected", "shutdown", "orphaned", "remove");

    private GpuCapacity() {
    }

    /** The most GPUs free on any one ready, active node. */
    static long mostFree(List<JsonNode> nodes, List<JsonNode> tasks) {
        var held = new HashMap<String, Long>();
        tasks.stream().filter(t -> !ENDED.contains(TaskConditions.state(t))).forEach(t -> {
            long n = 0;
            for (JsonNode r : t.path("GenericResources")) {
                n += r.path("NamedResourceSpec").path("Kind").asText().equals(GpuReservations.KIND) ? 1 : 0;
            }
            held.merge(t.path("NodeID").asText(), n, Long::sum);
        });
        return nodes.stream().filter(n -> n.path("Status").path("State").asText().equals("ready")
                        && n.path("Spec").path("Availability").asText("active").equals("active"))
                .mapToLong(n -> SwarmPreflight.gpus(n) - held.getOrDefault(n.path("ID").asText(), 0L)).max().orElse(0);
    }

    /** The GPUs a service spec reserves. */
    static long reserved(JsonNode spec) {
        long n = 0;
        for (JsonNode g : spec.path("TaskTemplate").path("Resources").path("Reservations").path("GenericResources")) {
            if (g.path("DiscreteResourceSpec").path("Kind").asText().equals(GpuReservations.KIND)) {
                n += g.path("DiscreteResourceSpec").path("Value").asLong();
            }
        }
        return n;
    }
}
