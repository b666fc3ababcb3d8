package dev.mlcompose.e2e;


import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the scenarios that run on a real engine: each test gets its own project name, so tests never
 * collide, and everything of that project is removed afterwards. Without an engine the scenario fails
 * under {@code CI=true} and is skipped, loudly, elsewhere.
 */
abstract class EngineScenario {

    static final Path SCENARIOS = Cli.ROOT.resolve("src/test/scenarios");

    String project;

    /** Scratch files of one test (logs, terminal captures), removed after it. */
    @TempDir
    Path scratch;

    @BeforeEach
    void requireEngine(TestInfo test) {
        if (!Docker.available()) {
            String message = "no Docker Engine answers (start one with scripts/engine.sh); "
                    + "the engine scenarios cannot run";
            Prerequisites.missing(test.getDisplayName(), message);
        }
        project = "e2e-" + test.getTestMethod().orElseThrow().getName().replace('_', '-').toLowerCase()
                .replaceAll("[^a-z0-9-]", "") + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    @AfterEach
    void removeProject() {
        if (project != null) {
            Docker.purge(project);
        }
    }

    /** Runs mlcompose on a scenario's compose.yaml with this test's project name. */
    Cli.Result mlcompose(String scenario, String... args) throws IOException, InterruptedException {
        return mlcompose(scenario, Map.of(), args);
    }

    Cli.Result mlcompose(String scenario, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        var all = new java.util.ArrayList<>(java.util.List.of("-f", "compose.yaml", "-p", project, "--progress", "plain"));
        all.addAll(java.util.List.of(args));
        var environment = new HashMap<>(env);
        environment.putIfAbsent("HOME", System.getProperty("user.home"));
        return Cli.run(SCENARIOS.resolve(scenario), environment, all.toArray(String[]::new));
    }

    String container(String service) {
        return project + "-" + service + "-1";
    }
}
