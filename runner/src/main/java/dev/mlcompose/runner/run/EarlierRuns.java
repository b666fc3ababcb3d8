package dev.mlcompose.runner.run;

import dev.mlcompose.runner.history.RunHistory;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.history.RunRecord.JobRecord;
import dev.mlcompose.schema.model.Project;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The history as it was before this run, read once, when it is first asked: which earlier success a skipped or
 * reused job stands for, so that its record points at that run's log and a dependant mounts that run's outputs.
 */
final class EarlierRuns {

    private final Project project;
    private final Optional<RunHistory> history;
    private List<RunRecord> runs;

    EarlierRuns(Project project, Optional<RunHistory> history) {
        this.project = project;
        this.history = history;
    }

    /** A skipped job's record, with the run whose identical success it reuses, and that run's log, where found. */
    JobRecord reusing(JobRecord skipped) {
        var earlier = lastSuccess(skipped);
        String log = earlier.filter(f -> f.job().log() != null)
                .map(f -> "../" + f.run().id() + "/" + f.job().log()).orElse(null); // the run that made it
        return skipped.withReusedFrom(earlier.map(f -> f.run().id()).orElse(null)).withLog(log);
    }

    /** Run {@code runId}'s record of the job's cell, marked as reused here: a success whose container is gone. */
    JobRecord reused(String service, Map<String, String> cell, String runId) {
        JobRecord earlier = runs().stream().filter(r -> r.id().equals(runId)).findFirst().orElseThrow()
                .jobs().stream()
                .filter(j -> j.service().equals(service) && j.cell().equals(cell) && !j.skipped())
                .findFirst().orElseThrow();
        return earlier.with().succeeded(true).skipped(true).reusedFrom(runId).exitCode(0)
                .attempts(List.of()).peakMemoryBytes(null).outputs(null)
                .log(earlier.log() == null ? null : "../" + runId + "/" + earlier.log()).build();
    }

    /** The outputs folder of the success a skipped job reuses, with that success's record, where it kept some. */
    Optional<Map.Entry<Path, JobRecord>> outputs(JobRecord skipped) {
        return lastSuccess(skipped).filter(f -> f.job().outputs() != null)
                .map(f -> Map.entry(history.get().folder(f.run().id()).resolve(f.job().outputs()), f.job()));
    }

    /** The earlier run whose identical success a skipped job stands for. */
    private Optional<RunHistory.Found> lastSuccess(JobRecord skipped) {
        return RunHistory.lastSuccess(runs(), project.name(), skipped.service(), skipped.cell(),
                skipped.configHash(), skipped.imageId(), skipped.inputsKey());
    }

    private synchronized List<RunRecord> runs() {
        if (runs == null) {
            runs = history.map(RunHistory::list).orElse(List.of());
        }
        return runs;
    }
}
