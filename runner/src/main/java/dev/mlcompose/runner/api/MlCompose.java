package dev.mlcompose.runner.api;

import java.nio.file.Path;

/**
 * The Java entry point for CI suites:
 * <pre>{@code
 * try (ComposeEnvironment env = MlCompose.project(Path.of("examples/ml-pipeline.yml")).up()) {
 *     String inference = env.endpoint("inference", 8000);   // "127.0.0.1:49153"
 * }
 * }</pre>
 */
public final class MlCompose {

    private MlCompose() {
    }

    /** A project from one or more Compose files (merged in order, as {@code -f a -f b}). */
    public static ComposeProject project(Path file, Path... more) {
        return ComposeProject.of(file, more);
    }
}
