package dev.mlcompose.runner.run;

/**
 * Where the runner reports what it is doing, one step at a time; the CLI renders it (plain lines, JSON,
 * or nothing). {@code subject} is a container, network, volume or image name.
 */
@FunctionalInterface
public interface ProgressListener {

    /** Steps that reached a state, e.g. ("Container", "demo-db-1", "Healthy"). */
    void on(String kind, String subject, String state, String detail);

    ProgressListener QUIET = (kind, subject, state, detail) -> { };
}
