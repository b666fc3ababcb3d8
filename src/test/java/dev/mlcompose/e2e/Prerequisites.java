package dev.mlcompose.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine (an engine, docker compose v2, a base image, the simulated GPU host). Where
 * it is missing the test fails in CI ({@code CI=true}, in any case, as CI services set it) and is skipped loudly
 * elsewhere, with the message saying how to provide it.
 */
final class Prerequisites {

    private Prerequisites() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Fails in CI; elsewhere prints "SKIPPED {@code test}: {@code message}" and aborts the test. */
    static void missing(String test, String message) {
        if (inCi()) {
            fail(message);
        }
        skip(test, message);
    }

    /**
     * For what one CI pass has by design and another does not (an engine with CDI): prints "SKIPPED {@code test}:
     * {@code message}" and aborts the test, in CI too.
     */
    static void skip(String test, String message) {
        System.err.println("SKIPPED " + test + ": " + message);
        Assumptions.abort(message);
    }
}
