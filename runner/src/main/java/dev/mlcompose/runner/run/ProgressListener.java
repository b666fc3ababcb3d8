package dev.mlcompose.runner.run;

/**
 * Where the runner reports what it is doing, one {@link ProgressEvent} at a time; the CLI renders them (the live
 * view, plain lines, JSON, or nothing).
 */
@FunctionalInterface
public interface ProgressListener {

    void on(ProgressEvent event);

    ProgressListener QUIET = event -> { };
}
