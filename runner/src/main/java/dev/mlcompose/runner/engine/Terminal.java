package dev.mlcompose.runner.engine;

import java.io.OutputStream;

/**
 * A local terminal that a container's pseudo-terminal is shown on: where its raw output goes (stdout and stderr
 * are one stream on a TTY), and its size ({@code 0} rows or columns: leave the engine's).
 */
public record Terminal(OutputStream output, int rows, int columns) {
}
