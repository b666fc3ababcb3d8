package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerSpec;
import dev.mlcompose.runner.engine.Mount;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.spec.ContainerSpecs;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.runner.spec.ServiceFailure;
import dev.mlcompose.runner.spec.ServiceMounts;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The spec a replica is created from: {@link ContainerSpecs}' for its service or sweep cell, with what this run
 * knows on top: the request's labels, the inputs key and image ID the planner compared, the volumes a replaced
 * container hands over, and the recorded outputs of the jobs it takes its inputs from. No engine calls, but it waits for the records of the
 * jobs named in {@code inputs-from}.
 */
final class ReplicaSpecs {

    private final Project project;
    private final UpRequest request;
    private final ObservedState observed;
    private final RunRecorder recorder;

    ReplicaSpecs(Project project, UpRequest request, ObservedState observed, RunRecorder recorder) {
        this.project = project;
        this.request = request;
        this.observed = observed;
        this.recorder = recorder;
    }

    /** {@code inherited}: the anonymous volumes of the container it replaces, by target (empty for a new one). */
    ContainerSpec of(Service service, int number, Optional<Sweep.Cell> cell, String hash,
                     Map<String, Mount> inherited) {
        var labels = new LinkedHashMap<>(request.labels());
        String inputs = observed.inputs(service.name()); // the key the planner compared, read once
        if (!inputs.isEmpty()) {
            labels.put(Labels.INPUTS, inputs);
        }
        var spec = cell.isPresent() ? ContainerSpecs.of(project, service, number, cell.get(), hash, labels)
                : ContainerSpecs.of(project, service, number, hash, labels);
        String imageId = observed.imageId(service.name());
        if (!imageId.isEmpty()) {
            var withImage = new LinkedHashMap<>(spec.labels());
            withImage.put(Labels.IMAGE, imageId); // compose records the image ID, over the name
            spec = spec.withLabels(withImage);
        }
        if (!inherited.isEmpty()) {
            spec = spec.withStorage(ServiceMounts.of(project, service, inherited));
        }
        return withInputsFrom(service, spec);
    }

    /** The outputs of the jobs named in {@code x-mlcompose.inputs-from}, mounted read-only where it says. */
    private ContainerSpec withInputsFrom(Service service, ContainerSpec spec) {
        var from = service.ml().inputsFrom();
        if (from.isEmpty()) {
            return spec;
        }
        var mounts = new ArrayList<>(spec.storage().mounts());
        from.forEach((job, target) -> {
            Path outputs = recorder.outputsOf(project.service(job).orElseThrow()).orElseThrow(() -> new ServiceFailure(
                    service.name(), "service " + service.name() + ": inputs-from " + job + ": " + job + " has no "
                            + "recorded outputs (does it have x-mlcompose.outputs, and did it succeed?)"));
            mounts.add(Mount.of("bind", outputs.toString(), target, true));
        });
        return spec.withStorage(spec.storage().withMounts(mounts));
    }
}
