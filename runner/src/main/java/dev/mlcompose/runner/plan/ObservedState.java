package dev.mlcompose.runner.plan;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.model.Project;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The project on the engine, read once before planning: its containers (one-offs and pre_start steps too),
 * the ID of each selected service's image as it is now (built or pulled), the key of each job's inputs as
 * the files are now, the jobs' successful runs that the history recorded (the skip cache once the containers
 * are gone), and the networks and volumes the engine has. The planner makes no call after this.
 */
public record ObservedState(List<ContainerState> containers, Map<String, String> imageIds,
                            Map<String, String> jobInputs, List<RecordedSuccess> recorded, Resources resources) {

    public ObservedState {
        containers = List.copyOf(containers);
        imageIds = Map.copyOf(imageIds);
        jobInputs = Map.copyOf(jobInputs);
        recorded = List.copyOf(recorded);
    }

    /** A state with none of the project's networks and volumes made yet, nor a recorded run. */
    public ObservedState(List<ContainerState> containers, Map<String, String> imageIds, Map<String, String> jobInputs) {
        this(containers, imageIds, jobInputs, List.of(), Resources.NONE);
    }

    /**
     * The names of the networks and volumes on the engine: all of them, not only the project's, since an external
     * one belongs to no project.
     */
    public record Resources(Set<String> networks, Set<String> volumes) {
        public static final Resources NONE = new Resources(Set.of(), Set.of());

        public Resources {
            networks = Set.copyOf(networks);
            volumes = Set.copyOf(volumes);
        }
    }

    /** A job (or a sweep's cell) that ran and exited 0, as the run history has it. */
    public record RecordedSuccess(String runId, String service, Map<String, String> cell, String workHash,
                                  String imageId, String inputsKey, String endedAt) {
        public RecordedSuccess {
            cell = Map.copyOf(cell);
        }
    }

    /**
     * The latest recorded success of the same work: service, cell, config hash without the project's folder
     * ({@code ConfigHash.portable}), image ID and inputs key.
     */
    public Optional<RecordedSuccess> recordedSuccess(String service, Map<String, String> cell,
                                                               String workHash) {
        String imageId = imageId(service);
        String inputs = inputs(service);
        for (int i = recorded.size() - 1; i >= 0; i--) {
            RecordedSuccess r = recorded.get(i);
            if (r.service().equals(service) && r.cell().equals(cell) && r.workHash().equals(workHash)
                    && !imageId.isEmpty() && r.imageId().equals(imageId) && r.inputsKey().equals(inputs)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
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
