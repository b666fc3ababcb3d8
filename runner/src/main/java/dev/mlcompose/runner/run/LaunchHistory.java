package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import dev.mlcompose.runner.history.Recording;
import dev.mlcompose.runner.history.RunRecord;
import dev.mlcompose.runner.plan.ObservedState;
import dev.mlcompose.runner.spec.ServiceKinds;
import dev.mlcompose.schema.model.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The run history as a launch reads it: once, settled first, and what its skip cache may reuse. */
final class LaunchHistory {

    private final Engine engine;
    private final Recording recording;
    private final Consumer<String> warnings;

    LaunchHistory(Engine engine, Recording recording, Consumer<String> warnings) {
        this.engine = engine;
        this.recording = recording;
        this.warnings = warnings;
    }

    /**
     * The history, when {@code selected} has a job (an up of services alone reads none): what earlier detached runs
     * left running settled from its containers first ({@link PendingJobs}) when {@code settle}, before a plan may
     * recreate them. One that cannot be read is said, and is empty.
     */
    List<RunRecord> read(Project project, Set<String> selected, boolean settle) {
        boolean jobs = selected.stream().map(s -> project.service(s).orElseThrow())
                .anyMatch(s -> ServiceKinds.isJob(project, s));
        if (!jobs) {
            return List.of();
        }
        try {
            var history = recording.history(project);
            var runs = history.list();
            return settle ? new PendingJobs(engine, warnings).settle(history, runs, project.name()) : runs;
        } catch (RuntimeException e) {
            warnings.accept("cannot read the run history (" + e.getMessage() + "): jobs without containers run again");
            return List.of();
        }
    }

    /** The jobs of {@code selected} that ran and succeeded, as the run history has them: the skip cache's memory. */
    static List<ObservedState.RecordedSuccess> successes(Project project, Set<String> selected, List<RunRecord> runs) {
        var out = new ArrayList<ObservedState.RecordedSuccess>();
        for (var run : runs) {
            if (!run.project().equals(project.name())) {
                continue; // another project's jobs, in a folder two projects share
            }
            run.jobs().stream().filter(j -> j.succeeded() && !j.skipped() && !j.oneOff() && j.workHash() != null
                            && selected.contains(j.service()) && project.service(j.service()).orElseThrow().ml().cache())
                    .forEach(j -> out.add(new ObservedState.RecordedSuccess(run.id(), j.service(), j.cell(),
                            j.workHash(), j.imageId(), j.inputsKey(), run.endedAt())));
        }
        return out;
    }
}
