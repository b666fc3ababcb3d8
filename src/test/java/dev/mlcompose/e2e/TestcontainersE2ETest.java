package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.api.MlCompose;
import dev.mlcompose.runner.api.testcontainers.ComposeStartable;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** Testcontainers manages an mlcompose project through @Container, with Ryuk disabled (see the README). */
@Testcontainers
class TestcontainersE2ETest {

    @Container
    static final ComposeStartable PROJECT = new ComposeStartable(
            MlCompose.project(EngineScenario.SCENARIOS.resolve("interop/compose.yaml")));

    @Container
    static final ComposeStartable ON_TESTCONTAINERS_ENGINE = ComposeStartable.withTestcontainersEngine(
            MlCompose.project(EngineScenario.SCENARIOS.resolve("interop/compose.yaml")));

    @Test
    void the_project_can_use_the_engine_testcontainers_discovered() {
        var env = ON_TESTCONTAINERS_ENGINE.environment();
        assertThat(Docker.containers(env.projectName())).hasSize(2);
    }

    @Test
    void testcontainers_started_the_project() {
        var env = PROJECT.environment();
        assertThat(Docker.containers(env.projectName())).hasSize(2);
        assertThat(env.endpoint("web", 8080)).startsWith("127.0.0.1:");
    }
}
