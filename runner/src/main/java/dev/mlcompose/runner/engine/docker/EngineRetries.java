package dev.mlcompose.runner.engine.docker;

import dev.mlcompose.runner.engine.EngineException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;

/**
 * The one retry policy for engine calls: 4 attempts, 200 ms doubling with ±50 % jitter (about 1.4 s of
 * waiting, never 3 s), and only for {@link EngineException.Kind#UNAVAILABLE}; a missing object, a conflict
 * or an invalid request never gets better by asking again.
 */
public final class EngineRetries {

    public static final RetryConfig CONFIG = RetryConfig.custom()
            .maxAttempts(4)
            .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                    Duration.ofMillis(200), 2.0, 0.5, Duration.ofMillis(1200)))
            .retryOnException(EngineRetries::isTransient)
            .build();

    private EngineRetries() {
    }

    public static boolean isTransient(Throwable failure) {
        return failure instanceof EngineException e && e.kind() == EngineException.Kind.UNAVAILABLE;
    }

    public static Retry retry(String name) {
        return Retry.of(name, CONFIG);
    }
}
