package dev.mlcompose.runner.engine;

import dev.mlcompose.runner.engine.docker.DockerEngine;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for tests on a real engine: when none answers, fail under {@code CI=true} and otherwise skip,
 * loudly, with where discovery looked and how to start one.
 */
public final class EngineAvailable {

    // Remembered so that every later test skips at once instead of retrying the connection.
    private static volatile EngineException missing;

    private EngineAvailable() {
    }

    /** An engine that answered {@code info}; close it after the test. */
    public static Engine requireEngine() {
        if (missing == null) {
            Engine engine = DockerEngine.fromEnvironment();
            try {
                engine.info();
                return engine;
            } catch (EngineException e) {
                engine.close();
                if (e.kind() != EngineException.Kind.UNAVAILABLE) {
                    throw e;
                }
                missing = e;
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return Assertions.fail("CI=true requires a container engine: " + missing.getMessage(), missing);
        }
        String message = "SKIPPED (CI=true would fail instead): " + missing.getMessage();
        System.err.println("*** " + message);
        return Assumptions.abort(message);
    }
}
