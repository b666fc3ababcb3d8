package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.gpu.GpuAllocator;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.runner.history.RunRecord.JobState;
import dev.mlcompose.runner.history.RunRecordJobRecordBuilder;
import dev.mlcompose.runner.spec.Labels;
import dev.mlcompose.schema.config.ConfigHash;
import dev.mlcompose.schema.config.ConfigPrinter;
import dev.mlcompose.schema.model.Project;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a job's record in the history says, read off its container as the engine has it and the project: which
 * service, cell, config and work it is, its image, inputs, exit code and GPUs. It makes no call; the project's
 * portable hashes and config shapes are made once, when the first record asks for them.
 */
final class JobRecords {

    private final Project project;
    private Map<String, Object> configs;
    private Map<String, String> portableHashes;

    JobRecords(Project project) {
        this.project = project;
    }

    /** The fields every record of the job has, ended unless the caller says otherwise. */
    RunRecordJobRecordBuilder base(Service service, ContainerState state) {
        String gpus = state.label(GpuAllocator.LABEL).isEmpty() ? state.label(GpuAllocator.FALLBACK_LABEL)
                : state.label(GpuAllocator.LABEL);
        return RunRecordJobRecordBuilder.builder().service(service.name()).cell(cell(service, state))
                .container(state.name()).configHash(state.label(Labels.CONFIG_HASH))
                .workHash(workHash(service, state.label(Labels.CELL))).imageId(state.label(Labels.IMAGE))
                .inputsKey(state.label(Labels.INPUTS)).exitCode(state.exitCode()).gpus(gpus)
                .config(config(service.name())).state(JobState.ENDED);
    }

    /** The record of a job that still runs: its attempts so far; the rest is read when it is settled. */
    JobRecord running(Service service, ContainerState state, List<RunRecord.Attempt> attempts) {
        return base(service, state).state(JobState.RUNNING).attempts(attempts).build();
    }

    /** The attempts of a job run so far, as the history has them. */
    static List<RunRecord.Attempt> attempts(JobRun job) {
        return job.attempts().stream().map(a -> new RunRecord.Attempt(a.number(), a.state().exitCode(),
                a.took().toMillis() / 1000.0, a.timedOut())).toList();
    }

    /** How long the container ran, in seconds; 0 when the engine does not say. */
    static double took(ContainerState state) {
        return state.startedAt().flatMap(s -> state.finishedAt().map(f -> Duration.between(s, f)))
                .filter(d -> !d.isNegative()).map(d -> d.toMillis() / 1000.0).orElse(0.0);
    }

    /** What the skip cache will match this job by: the service's portable hash, its cell's when it is one. */
    private synchronized String workHash(Service service, String cell) {
        if (portableHashes == null) {
            portableHashes = ConfigHash.portable(project);
        }
        String hash = portableHashes.get(service.name());
        return cell.isEmpty() ? hash : ConfigHash.cell(hash, cell);
    }

    @SuppressWarnings("unchecked")
    private synchronized Map<String, Object> config(String service) {
        if (configs == null) {
            configs = (Map<String, Object>) ConfigPrinter.shape(project, false).get("services");
        }
        return configs.get(service) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, String> cell(Service service, ContainerState state) {
        String label = state.label(Labels.CELL);
        return service.ml().sweep().flatMap(s -> s.cell(label)).map(Sweep.Cell::values).orElse(Map.of());
    }
}
