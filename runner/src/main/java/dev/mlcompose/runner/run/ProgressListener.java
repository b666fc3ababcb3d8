package dev.mlcompose.runner.run;

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
        if (!quiet) {
            return this;
        }
        return event -> {
            if (event.status() != ProgressEvent.Status.BUILDING && event.status() != ProgressEvent.Status.BUILT) {
                on(event);
            }
        };
    }

    /** This listener, without the pulls' events when {@code quiet} ({@code --quiet-pull}); a failed pull still fails. */
    default ProgressListener withoutPullsIf(boolean quiet) {
        if (!quiet) {
            return this;
        }
        return event -> {
            if (event.status() != ProgressEvent.Status.PULLING && event.status() != ProgressEvent.Status.PULLED) {
                on(event);
            }
        };
    }
}
