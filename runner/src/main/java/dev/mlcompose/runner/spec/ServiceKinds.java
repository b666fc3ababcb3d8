package dev.mlcompose.runner.spec;

import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;

/**
 * Jobs run to completion (migrations, data preparation, training); services keep running. A service is a
 * job when its {@code x-mlcompose.role} says {@code job} or {@code train}, when it sweeps a matrix, or when it does not
 * restart ({@code restart}
 * absent or {@code "no"}) and another service waits for it with {@code service_completed_successfully}.
 * {@code x-mlcompose.role: service} overrides the inference.
 */
public final class ServiceKinds {

    private ServiceKinds() {
    }

    public static boolean isJob(Project project, Service service) {
        Object role = service.mlcompose().get("role");
        if (role != null) {
            return "job".equals(role) || "train".equals(role);
        }
        if (service.mlcompose().containsKey("matrix")) {
            return true; // the loader refuses role: service with a matrix
        }
        boolean restarts = service.restart().filter(r -> !r.equals("no")).isPresent();
        return !restarts && project.services().values().stream().anyMatch(other ->
                other.dependsOn().entrySet().stream().anyMatch(e -> e.getKey().equals(service.name())
                        && e.getValue().condition().equals("service_completed_successfully")));
    }

    /** A job that {@code mlcompose train} runs by default: {@code x-mlcompose.role: train}. */
    public static boolean isTraining(Service service) {
        return "train".equals(service.mlcompose().get("role"));
    }
}
