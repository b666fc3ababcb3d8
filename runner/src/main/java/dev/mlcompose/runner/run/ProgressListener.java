package dev.mlcompose.runner.run;

import dev.mlcompose.runner.run.ProgressEvent.Status;
import java.util.Set;

/**
 * Where the runner reports what it is doing, one {@link ProgressEvent} at a time; the CLI renders them (the live
 * view, plain lines, JSON, or nothing).
 */
@FunctionalInterface
public interface ProgressListener {

    void on(ProgressEvent event);

    ProgressListener QUIET = event -> { };

    /** This listener, without the builds' events when {@code quiet} ({@code watch --quiet}); a failed build still fails. */
    default ProgressListener withoutBuildsIf(boolean quiet) {
        return quiet ? without(Set.of(Status.BUILDING, Status.BUILT)) : this;
    }

    /** This listener, without the pulls' events when {@code quiet} ({@code --quiet-pull}); a failed pull still fails. */
    default ProgressListener withoutPullsIf(boolean quiet) {
        return quiet ? without(Set.of(Status.PULLING, Status.PULLED)) : this;
    }

    private ProgressListener without(Set<Status> hidden) {
        return event -> {
            if (!hidden.contains(event.status())) {
                on(event);
            }
        };
    }
}
