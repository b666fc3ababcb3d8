package dev.mlcompose.runner.swarm;

import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Service.DeviceRequest;
import java.util.List;
import java.util.Optional;

/**
 * GPU reservations on a Swarm: {@code count: N} of them become N of the generic resource {@code gpu}, which each node
 * advertises in its {@code daemon.json} ({@code "node-generic-resources": ["gpu=GPU-…"]}); the task gets the chosen
 * ones in {@code DOCKER_RESOURCE_GPU}. A Swarm has no way to ask for given device IDs or for all of a node's GPUs.
 */
final class GpuReservations {

    static final String KIND = "gpu";

    private GpuReservations() {
    }

    /** The GPUs the service reserves, when it counts them. */
    static Optional<Long> count(Service service) {
        long n = requests(service).stream().mapToLong(d -> d.count().filter(c -> c > 0).orElse(0L)).sum();
        return n > 0 ? Optional.of(n) : Optional.empty();
    }

    /** The service's device reservations for GPUs (driver nvidia, or the gpu capability), as the engine reads them. */
    static List<DeviceRequest> requests(Service service) {
        return service.resources().map(Service.Resources::devices).orElse(List.of()).stream()
                .filter(GpuReservations::isGpu).toList();
    }

    /** Whether a service spec reserves the generic resource {@code gpu}. */
    static boolean reserves(com.fasterxml.jackson.databind.JsonNode spec) {
        for (var g : spec.path("TaskTemplate").path("Resources").path("Reservations").path("GenericResources")) {
            if (g.path("DiscreteResourceSpec").path("Kind").asText().equals(KIND)) {
                return true;
            }
        }
        return false;
    }

    static boolean isGpu(DeviceRequest d) {
        return d.driver().filter("nvidia"::equals).isPresent() || d.capabilities().contains("gpu");
    }
}
