package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What is checked before a stack goes to the engine: that it is a Swarm manager, new enough for what the stack asks,
 * and that some ready node advertises as many GPUs as each service reserves.
 */
final class SwarmPreflight {

    /** Jobs ({@code replicated-job}) came with API 1.41. */
    static final double MIN_API = 1.41;
    /** Engines before 24.0 reject running tasks that reserve generic resources (moby/moby#44378, fixed by #45106). */
    static final int GPU_ENGINE = 24;

    private SwarmPreflight() {
    }

    static void check(Cluster cluster, StackSpec stack) {
        JsonNode info = cluster.info();
        JsonNode swarm = info.path("Swarm");
        String where = "the engine at " + info.path("Name").asText("?");
        if (!swarm.path("LocalNodeState").asText().equals("active")) {
            throw new StackFailed(where + " is not in a Swarm (docker swarm init, or point DOCKER_HOST at a manager)");
        }
        if (!swarm.path("ControlAvailable").asBoolean(false)) {
            throw new StackFailed(where + " is a Swarm worker; point DOCKER_HOST at a manager");
        }
        if (Double.parseDouble(cluster.apiVersion()) < MIN_API) {
            throw new StackFailed(where + " speaks API " + cluster.apiVersion() + "; the swarm backend needs " + MIN_API
                    + " (Engine 20.10) or later");
        }
        String version = info.path("ServerVersion").asText("0");
        boolean gpus = stack.services().values().stream().anyMatch(s -> GpuReservations.reserves(s.spec()));
        if (gpus && major(version) < GPU_ENGINE) {
            throw new StackFailed(where + " is Engine " + version + ", whose Swarm rejects running tasks that reserve"
                    + " generic resources such as GPUs (moby/moby#44378); it needs Engine " + GPU_ENGINE + " or later");
        }
        if (gpus) {
            gpuCapacity(stack, cluster.nodes());
        }
    }

    /** Refuses a service that reserves more GPUs than any ready node advertises. */
    static void gpuCapacity(StackSpec stack, List<JsonNode> nodes) {
        long most = nodes.stream().filter(n -> n.path("Status").path("State").asText().equals("ready")
                        && n.path("Spec").path("Availability").asText("active").equals("active"))
                .mapToLong(SwarmPreflight::gpus).max().orElse(0);
        stack.services().values().forEach(s -> {
            long wanted = GpuCapacity.reserved(s.spec());
            if (wanted > most) {
                throw new StackFailed("service " + s.service() + " reserves " + wanted + " GPU" + (wanted == 1 ? "" : "s")
                        + ", and the most any ready node advertises is " + most + " (each node lists its GPUs in"
                        + " daemon.json: \"node-generic-resources\": [\"gpu=GPU-0\", …])");
            }
        });
    }

    /** The GPUs a node advertises: named ones count one each, a discrete one its value. */
    static long gpus(JsonNode node) {
        long n = 0;
        for (JsonNode r : node.path("Description").path("Resources").path("GenericResources")) {
            if (r.path("NamedResourceSpec").path("Kind").asText().equals(GpuReservations.KIND)) {
                n++;
            } else if (r.path("DiscreteResourceSpec").path("Kind").asText().equals(GpuReservations.KIND)) {
                n += r.path("DiscreteResourceSpec").path("Value").asLong();
            }
        }
        return n;
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.split("[.]", 2)[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
