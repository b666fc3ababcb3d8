package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The project on the engine, read once before planning: its containers (one-offs and pre_start steps too),
 * the ID of each selected service's image as it is now (built or pulled), and the key of each job's inputs as
 * the files are now. The planner makes no call after this.
 */
public record ObservedState(List<ContainerState> containers, Map<String, String> imageIds,
                            Map<String, String> jobInputs) {

    public ObservedState {
        containers = List.copyOf(containers);
        imageIds = Map.copyOf(imageIds);
        jobInputs = Map.copyOf(jobInputs);
    }

    /**
     * The service's replicas, by number: neither a pre_start step's container nor a one-off ({@code run}) one,
     * which carry the service's label too.
     */
    public List<ContainerState> replicas(String service) {
        return containers.stream().filter(c -> c.label(Labels.SERVICE).equals(service))
                .filter(c -> c.label(Labels.HOOK).isEmpty() && !isOneOff(c))
                .sorted(Comparator.comparingInt(ObservedState::number)).toList();
    }

    /** Containers of services the project no longer has (one-offs aside, as compose). */
    public List<ContainerState> orphans(Project project) {
        return containers.stream().filter(c -> project.service(c.label(Labels.SERVICE)).isEmpty() && !isOneOff(c))
                .toList();
    }

    /** The image ID of a service's image, empty when it is not known (a service not selected). */
    public String imageId(String service) {
        return imageIds.getOrDefault(service, "");
    }

    /** The key of a job's inputs; empty without inputs. */
    public String inputs(String service) {
        return jobInputs.getOrDefault(service, "");
    }

    /** A container's replica number; 0 when its label is missing or garbled. */
    public static int number(ContainerState c) {
        try {
            return Integer.parseInt(c.label(Labels.NUMBER));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isOneOff(ContainerState c) {
        return c.label(Labels.ONEOFF).equals("True");
    }
}
