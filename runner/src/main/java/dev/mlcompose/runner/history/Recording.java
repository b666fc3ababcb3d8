package dev.mlcompose.runner.history;

import dev.mlcompose.schema.model.Project;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a runner records the jobs it runs: {@code stateDir} ({@code --state-dir}, {@code MLCOMPOSE_STATE_DIR}), else
 * {@code .mlcompose} in the project's directory, beside the Compose file; {@code command} is the command line that
 * the record says ran them. {@code skips}: whether the jobs it skips are recorded too; not where the same command
 * line has just recorded their runs ({@code train --then-up}).
 */
public record Recording(Optional<Path> stateDir, String command, boolean skips) {

    /** Beside the Compose file, for a runner used from Java. */
    public static final Recording DEFAULT = new Recording(Optional.empty(), "java");

    public Recording(Optional<Path> stateDir, String command) {
        this(stateDir, command, true);
    }

    /** The history in {@code stateDir}, else beside {@code project}'s file (which may be null when stateDir is set). */
    public RunHistory history(Project project) {
        return RunHistory.at(stateDir.orElse(project.workingDir().resolve(RunHistory.STATE_DIR)));
    }

    /** The same, recording the jobs that run but not those skipped. */
    public Recording withoutSkips() {
        return new Recording(stateDir, command, false);
    }
}
