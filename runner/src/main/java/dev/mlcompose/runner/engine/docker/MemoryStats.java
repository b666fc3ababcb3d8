package dev.mlcompose.runner.engine.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import java.io.Closeable;
import java.util.Optional;
import java.util.function.Consumer;

/** A container's memory use from the engine's stats stream (about one sample a second). */
final class MemoryStats {

    private MemoryStats() {
    }

    static Closeable follow(DockerClient d, String id, Consumer<Long> sink) {
        return d.statsCmd(id).exec(new Subscription<Statistics>(s -> bytes(s).ifPresent(sink), () -> { }));
    }

    /** cgroup v1 reports the peak itself (max_usage); v2 only the current use. */
    private static Optional<Long> bytes(Statistics s) {
        MemoryStatsConfig m = s.getMemoryStats();
        if (m == null) {
            return Optional.empty();
        }
        Long peak = m.getMaxUsage() != null && m.getMaxUsage() > 0 ? m.getMaxUsage() : m.getUsage();
        return Optional.ofNullable(peak).filter(b -> b > 0);
    }
}
