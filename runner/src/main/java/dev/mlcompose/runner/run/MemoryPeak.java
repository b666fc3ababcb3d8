package dev.mlcompose.runner.run;

import dev.mlcompose.runner.engine.Engine;
import java.io.Closeable;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** The highest memory use the engine's stats reported for a container while it was followed. */
final class MemoryPeak implements AutoCloseable {

    private final Engine engine;
    private final String id;
    private final AtomicLong peak = new AtomicLong();
    private Closeable stream;

    MemoryPeak(Engine engine, String id) {
        this.engine = engine;
        this.id = id;
        follow();
    }

    /** Follows again, e.g. after the container was restarted for a retry (the engine ends a stream at exit). */
    synchronized void follow() {
        closeStream();
        try {
            stream = engine.memoryUsage(id, bytes -> peak.accumulateAndGet(bytes, Math::max));
        } catch (RuntimeException e) {
            stream = null; // the summary then says the peak is unknown; the job matters more
        }
    }

    Optional<Long> peakBytes() {
        return peak.get() > 0 ? Optional.of(peak.get()) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        closeStream();
    }

    private void closeStream() {
        if (stream != null) {
            EngineStreams.close(stream);
            stream = null;
        }
    }
}
