package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.ContainerState;
import dev.mlcompose.runner.gpu.GpuAllocator;
import java.time.Duration;
import dev.mlcompose.runner.spec.Labels;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished job reports in {@code mlcompose train}'s summary.
 *
 * @param attempts   attempts made in this run; 0 when it was skipped (unchanged since a successful run)
 * @param duration   the attempts' running time together
 * @param gpus       the GPUs it held ("0,1"), "cpu" on CPU fallback, empty without a GPU request
 * @param peakMemory the highest memory use the engine reported, when it reported any
 * @param cause      why it failed (empty when it succeeded)
 * @param cell       a sweep's cell ({@code LR=0.001 SEED=0}); empty for a job that sweeps nothing
 * @param metrics    what it reported on {@code ::metric} lines, the last value of each
 */
public record JobReport(String service, String container, int attempts, int maxAttempts, Duration duration,
                        int exitCode, boolean succeeded, String gpus, Optional<Long> peakMemory, String cause,
                        String cell, Map<String, Double> metrics) {

    public JobReport {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    static JobReport of(String service, ContainerState state, List<JobRun.Attempt> attempts, JobRun.Attempt last,
                        Optional<Long> peak, Map<String, Double> metrics) {
        Duration total = attempts.stream().map(JobRun.Attempt::took).reduce(Duration.ZERO, Duration::plus);
        String gpus = !state.label(GpuAllocator.LABEL).isEmpty() ? state.label(GpuAllocator.LABEL)
                : state.label(GpuAllocator.FALLBACK_LABEL);
        return new JobReport(service, state.name(), attempts.size(), last.of(), total, last.state().exitCode(),
                last.succeeded(), gpus, peak, last.succeeded() ? "" : last.cause(), state.label(Labels.CELL), metrics);
    }

    /** A job skipped for its recorded success, without a container: what the history says of it. */
    static JobReport reused(dev.mlcompose.runner.history.RunRecord.JobRecord record,
                            dev.mlcompose.schema.model.Service service) {
        String cell = service.ml().sweep().flatMap(s -> s.cell(record.cell())).map(Object::toString).orElse("");
        return new JobReport(record.service(), record.container(), 0, 0, Duration.ZERO, 0, true,
                record.gpus() == null ? "" : record.gpus(), Optional.empty(), "", cell, record.metrics());
    }

    public boolean skipped() {
        return attempts == 0;
    }
}
