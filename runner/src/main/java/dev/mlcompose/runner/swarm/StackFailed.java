package dev.mlcompose.runner.swarm;

/** A stack that could not be brought up or down: the service and the cause, in one line (more lines: its output). */
public final class StackFailed extends RuntimeException {

    public StackFailed(String message) {
        super(message);
    }
}
