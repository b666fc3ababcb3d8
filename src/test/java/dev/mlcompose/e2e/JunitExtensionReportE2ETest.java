package dev.mlcompose.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.mlcompose.runner.api.ComposeEnvironment;
import dev.mlcompose.runner.api.junit.MlComposeTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/** A failing test under @MlComposeTest carries the services' last log lines in its report. */
class JunitExtensionReportE2ETest {

    /** Run only through the test kit below (its name keeps surefire from running it on its own). */
    @MlComposeTest(file = "scenarios/failing-job/../interop/compose.yaml")
    static class FailingInner {
        ComposeEnvironment env;

        @Test
        void fails() {
            env.exec("worker", "sh", "-c", "echo worker says hello >/proc/1/fd/1");
            throw new AssertionError("the model answered 42");
        }
    }

    @Test
    void failure_report_has_the_services_last_log_lines() {
        var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingInner.class)).execute();

        var failure = results.testEvents().failed().stream().findFirst().orElseThrow()
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertThat(failure).hasMessage("the model answered 42");
        assertThat(failure.getSuppressed()).singleElement().satisfies(logs -> assertThat(logs.getMessage())
                .contains("logs of project").contains("-worker-1 (last 20 lines)").contains("worker says hello"));
    }
}
