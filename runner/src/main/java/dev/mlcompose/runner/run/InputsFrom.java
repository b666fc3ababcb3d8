package dev.mlcompose.runner.run;

import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.schema.model.Service;
import dev.mlcompose.schema.model.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The folder of a job's outputs that a dependant mounts ({@code inputs-from}): of its run here, the best cell's by
 * the job's objective, as {@code train} ranks them (the first cell of the matrix that succeeded, without one or on a
 * tie); of a job skipped here, the run it reuses. With one output path, that path's own folder.
 */
final class InputsFrom {

    private final Optional<RunHistory> history;
    private final String runId;
    private final EarlierRuns earlier;

    InputsFrom(Optional<RunHistory> history, String runId, EarlierRuns earlier) {
        this.history = history;
        this.runId = runId;
        this.earlier = earlier;
    }

    /** {@code records}: the job's records in this run, in any order; null for one that could not be made. */
    Optional<Path> folder(Service job, List<JobRecord> records) {
        List<Map<String, String>> order = job.ml().sweep().map(s -> s.cells().stream().map(Sweep.Cell::values).toList())
                .orElse(List.of());
        var mine = records.stream().filter(Objects::nonNull).filter(JobRecord::succeeded)
                .sorted(Comparator.comparingInt(r -> order.indexOf(r.cell()))).toList();
        var candidates = new ArrayList<Map.Entry<Path, JobRecord>>();
        for (JobRecord r : mine) {
            if (!r.skipped() && r.outputs() != null && history.isPresent()) {
                candidates.add(Map.entry(history.get().folder(runId).resolve(r.outputs()), r));
            } else if (r.skipped()) {
                earlier.outputs(r).ifPresent(candidates::add);
            }
        }
        var best = job.ml().objective().map(o -> candidates.stream().min(Comparator.comparing(
                (Map.Entry<Path, JobRecord> c) -> c.getValue().metrics(), o.bestFirst())))
                .orElseGet(() -> candidates.stream().findFirst()); // stream min keeps the first of equals
        List<String> paths = job.ml().outputs();
        return best.map(c -> paths.size() == 1 ? c.getKey().resolve(Path.of(paths.get(0)).getFileName().toString())
                : c.getKey());
    }
}
