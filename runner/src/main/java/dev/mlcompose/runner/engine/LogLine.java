package dev.mlcompose.runner.engine;

/** One line of a container's output, without its newline. */
public record LogLine(String containerId, boolean stderr, String text) {
}
