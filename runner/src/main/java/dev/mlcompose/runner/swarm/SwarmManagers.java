package dev.mlcompose.runner.swarm;

import com.fasterxml.jackson.databind.JsonNode;

/** What the engine must be before a stack goes to it: a Swarm manager, new enough for what the stack asks. */
final class SwarmManagers {

    /** Jobs ({@code replicated-job}) came with API 1.41. */
    static final double MIN_API = 1.41;
    /** Engines before 24.0 reject running tasks that reserve generic resources (moby/moby#44378, fixed by #45106). */
    static final int GPU_ENGINE = 24;

    private SwarmManagers() {
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
        boolean gpus = stack.services().values().stream().anyMatch(s -> s.spec().path("TaskTemplate")
                .path("Resources").path("Reservations").path("GenericResources").size() > 0);
        if (gpus && major(version) < GPU_ENGINE) {
            throw new StackFailed(where + " is Engine " + version + ", whose Swarm rejects running tasks that reserve"
                    + " generic resources such as GPUs (moby/moby#44378); it needs Engine " + GPU_ENGINE + " or later");
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.split("[.]", 2)[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
