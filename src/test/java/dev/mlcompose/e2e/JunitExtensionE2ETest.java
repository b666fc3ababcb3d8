package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.junit.MlComposeTest;
import org.junit.jupiter.api.Test;

/** The JUnit 5 extension: the environment is up before the tests and injected into fields and parameters. */
@MlComposeTest(file = "scenarios/interop/compose.yaml")
class JunitExtensionE2ETest {

    ComposeEnvironment env;

    @Test
    void field_is_injected_and_the_project_is_running() {
        assertThat(env).isNotNull();
        assertThat(Docker.containers(env.projectName())).hasSize(2);
    }

    @Test
    void parameter_is_the_same_environment(ComposeEnvironment parameter) {
        assertThat(parameter).isSameAs(env);
        assertThat(parameter.endpoint("web", 8080)).matches("127\\.0\\.0\\.1:\\d+");
    }
}
