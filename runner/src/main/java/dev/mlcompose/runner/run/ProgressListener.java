package dev.mlcompose.runner.run;

/**
 * Where the runner reports what it is doing, one {@link ProgressEvent} at a time; the CLI renders them (the live
 * view, plain lines, JSON, or nothing).
 */
@FunctionalInterface
public interface ProgressListener {

    void on(ProgressEvent event);

    ProgressListener QUIET = event -> { };

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
