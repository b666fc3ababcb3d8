package dev.mlcompose.runner.engine;

import java.io.Closeable;
import java.time.Duration;

/** A container's followed output; the engine ends it by itself once the container has stopped. */
public interface LogStream extends Closeable {

    /**
     * Waits up to {@code timeout} for the engine to end the stream, so that all output of a stopped container
     * has been delivered; returns false on timeout.
     */
    boolean awaitEnd(Duration timeout);
}
