package dev.mlcompose.runner.run;

import java.io.Closeable;
import java.io.IOException;

/** The engine's streams (logs, events, stats) as the runner lets go of them. */
final class EngineStreams {

    private EngineStreams() {
    }

    /** Closes a stream the runner no longer reads; a failure to close changes nothing, the engine ends it anyway. */
    static void close(Closeable stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the stream is going away either way
        }
    }
}
