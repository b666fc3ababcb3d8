package dev.mlcompose.runner.engine;

import java.time.Duration;
import java.util.List;

/**
 * A healthcheck as the engine takes it; zero durations and retries mean the engine's defaults.
 * {@code startInterval} (the probe interval during {@code startPeriod}) needs API 1.44.
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod,
                          Duration startInterval) {

    public Healthcheck {
        test = List.copyOf(test);
    }

    /** The image's healthcheck switched off. */
    public static final Healthcheck NONE = new Healthcheck(List.of("NONE"), Duration.ZERO, Duration.ZERO, 0,
            Duration.ZERO, Duration.ZERO);

    public Healthcheck withoutStartInterval() {
        return new Healthcheck(test, interval, timeout, retries, startPeriod, Duration.ZERO);
    }
}
