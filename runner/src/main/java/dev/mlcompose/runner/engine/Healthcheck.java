package dev.mlcompose.runner.engine;

import java.time.Duration;
import java.util.List;

/** A healthcheck as the engine takes it; zero durations and retries mean the engine's defaults. */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {

    public Healthcheck {
        test = List.copyOf(test);
    }
}
